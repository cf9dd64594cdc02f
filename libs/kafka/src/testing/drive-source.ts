/**
 * Drives a `Source` the way the engine's micro-batch loop does (latestOffset, getBatch, commit),
 * so a source can be tested on its own, before or without the engine.
 */
import { pino } from 'pino';
import type { Clock, Offset, ReadLimit, Source } from '@streamlab/core';

export interface DrivenBatch<T> {
  start: Offset | null;
  end: Offset;
  rows: readonly T[];
  metrics: Record<string, string | number>;
}

const clock: Clock = { now: () => 0, sleepUntil: async () => undefined };

/**
 * Starts `source` (once) and runs batches until no new data is available or `maxBatches` ran.
 * Returns the batches and the offset to continue from.
 *
 * @example
 * const { batches } = await driveSource(source, { queryName: 'q1' });
 */
export async function driveSource<T>(
  source: Source<T>,
  opts: { from?: Offset | null; maxBatches?: number; limit?: ReadLimit; queryName?: string; started?: boolean } = {},
): Promise<{ batches: DrivenBatch<T>[]; last: Offset | null }> {
  if (!opts.started) await source.start?.({ queryId: 'test-query', queryName: opts.queryName, logger: pino({ level: 'silent' }), clock });
  let last = opts.from ?? null;
  const batches: DrivenBatch<T>[] = [];
  for (let i = 0; i < (opts.maxBatches ?? 1000); i++) {
    const end = await source.latestOffset(last, opts.limit ?? { kind: 'all' });
    if (end === null || JSON.stringify(end) === JSON.stringify(last)) break;
    const rows = await source.getBatch(last, end);
    await source.commit?.(end);
    batches.push({ start: last, end, rows, metrics: source.metrics?.(end) ?? {} });
    last = end;
  }
  return { batches, last };
}
