/**
 * `ctx.output(queryName, mode)` of a live run: a sink that prints each batch in Spark's console
 * format and, with `--ui`, publishes it to the batch view page too (rows, batch id, watermark,
 * late rows, output mode) through the live kit's socket.io sink.
 */
import { formatBatch, type BatchInfo, type OutputMode, type Sink, type SinkContext } from '@streamlab/core';
import { socketioSink, type LiveHub } from '@streamlab/live';

export interface OutputOptions {
  /** Where console batches go (stdout). */
  write(text: string): void;
  /** With `--ui`: the hub and namespace the page listens on. */
  live?: { hub: LiveHub; namespace: string };
}

/**
 * The socket.io sink coalesces batches that come closer than 1 s / this; a workshop's queries run
 * a few batches a second at most, so at the kit's upper bound the page sees each batch on its own.
 */
const MESSAGES_PER_SECOND = 1000;

/**
 * Makes `ctx.output`. When a run has more than one query, each console batch says which query
 * (and mode) it comes from above Spark's banner.
 *
 * @example
 * const output = outputFactory({ write: (t) => process.stdout.write(t) });
 * query.writeStream.outputMode('update').queryName('counts').sink(output('counts', 'update')).start();
 */
export function outputFactory(opts: OutputOptions): <T>(queryName: string, mode: OutputMode) => Sink<T> {
  const names: string[] = [];
  return <T>(queryName: string, mode: OutputMode): Sink<T> => {
    if (!names.includes(queryName)) names.push(queryName);
    const live = opts.live
      ? socketioSink<Record<string, unknown>>({
          namespace: opts.live.namespace,
          hub: opts.live.hub,
          query: queryName,
          maxMessagesPerSecond: MESSAGES_PER_SECOND,
        })
      : null;
    return {
      description: `WorkshopOutput[${queryName}]`,
      open(ctx: SinkContext) {
        return live?.open?.({ ...ctx, queryName });
      },
      addBatch(rows: readonly T[], info: BatchInfo) {
        const header = names.length > 1 ? `Query: ${queryName} (${info.outputMode ?? mode} mode)\n` : '';
        opts.write(header + formatBatch(info.batchId, rows, {}, info.columns));
        return live?.addBatch(rows as readonly Record<string, unknown>[], info);
      },
      close() {
        return live?.close?.();
      },
    };
  };
}
