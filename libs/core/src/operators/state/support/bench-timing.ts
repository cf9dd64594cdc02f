/** Shared by the issue-4 benches: the time the engine takes to process one pushed batch. */
import { performance } from 'node:perf_hooks';
import type { StreamingQuery } from '../../../query/streaming-query.js';

/**
 * @example
 * engineMs += await timeEngine(source, query, rows);
 */
export async function timeEngine<T>(source: { push(rows: T[]): void }, query: StreamingQuery, rows: T[]): Promise<number> {
  const t0 = performance.now();
  source.push(rows);
  await query.processAllAvailable();
  return performance.now() - t0;
}
