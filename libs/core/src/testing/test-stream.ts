/**
 * `testStream(stream, outputMode)(...actions)`: Spark's StreamTest for StreamLab queries. Runs the
 * query in its own session on a `ManualClock`, into a memory sink, and plays the actions in order.
 * A failed check throws with the expected and actual rows and every batch so far.
 */
import { StreamlabError } from '../errors.js';
import { noopLogger, type Logger, type OutputMode } from '../ports.js';
import type { StreamingQuery } from '../query/streaming-query.js';
import { StreamingSession } from '../query/session.js';
import type { TriggerOptions } from '../query/trigger.js';
import { MemorySink } from '../sinks/memory-sink.js';
import { Stream } from '../stream/stream.js';
import type { DataStreamWriter } from '../stream/writer.js';
import type { StreamAction } from './actions.js';
import { ManualClock } from './manual-clock.js';
import { diffRows, renderRows, sameRows } from './rows.js';

export interface TestStreamOptions {
  /** The manual clock to drive (default: a new one at 0). */
  clock?: ManualClock;
  /** Logger of the query (default: silent; failures are reported by the actions). */
  logger?: Logger;
  /** Trigger of the first start (default trigger otherwise). */
  trigger?: TriggerOptions;
}

let runs = 0;

class StreamTestRun {
  readonly clock: ManualClock;
  readonly session: StreamingSession;
  readonly sink = new MemorySink('testStream');
  query: StreamingQuery | undefined;
  startError: unknown;
  trigger: TriggerOptions | undefined;
  /** Sink batches already checked (`checkNewAnswer` compares the ones after them). */
  seenBatches = 0;
  step = 0;
  readonly outputMode: OutputMode;
  private readonly checkpoint = `memory:testStream-${runs++}`;
  private readonly writer: DataStreamWriter<unknown>;

  constructor(writer: DataStreamWriter<unknown>, outputMode: OutputMode, opts: TestStreamOptions) {
    this.clock = opts.clock ?? new ManualClock(0);
    this.outputMode = outputMode;
    this.session = new StreamingSession({ clock: this.clock, logger: opts.logger ?? noopLogger });
    this.trigger = opts.trigger;
    this.writer = writer.outputMode(outputMode).sink(this.sink).option('checkpointLocation', this.checkpoint).session(this.session);
  }

  start(trigger: TriggerOptions | undefined): void {
    this.startError = undefined;
    try {
      const w = trigger ? this.writer.trigger(trigger) : this.writer;
      this.query = w.start();
    } catch (e) {
      this.query = undefined;
      this.startError = e;
    }
  }

  fail(action: string, detail: string): never {
    const batches = this.sink.batches.map((b) => `  batch ${b.batchId}:\n${renderRows(b.rows)}`).join('\n');
    const progress = this.query?.lastProgress;
    const wm = progress ? `\nwatermark after the last batch: ${progress.eventTime.watermark}` : '';
    throw new Error(`testStream: action #${this.step} ${action} failed\n${detail}\nbatches so far:\n${batches || '  (none)'}${wm}`);
  }

  /**
   * Lets the query catch up: everything available processed (default trigger), or, with a
   * processing-time trigger on the manual clock, the query back to waiting on the clock (as
   * Spark's StreamTest does with a StreamManualClock).
   */
  async idle(): Promise<void> {
    const q = this.query;
    if (!q?.isActive) return;
    const ended = q.awaitTermination().catch(() => undefined);
    if (this.trigger && 'processingTime' in this.trigger) await Promise.race([this.clock.waitForSleeper(), ended]);
    else await q.processAllAvailable().catch(() => undefined);
  }

  async settle(): Promise<void> {
    if (this.startError) this.fail('(query start)', `the query did not start: ${(this.startError as Error).message}`);
    await this.idle();
    if (this.query?.exception) this.fail('(processing)', `the query failed: ${this.query.exception.message}`);
  }

  /**
   * The rows of the batches since the last check (Spark's `CheckNewAnswer`). In complete mode every
   * batch is the whole result table, so the new answer is the latest table if a batch ran since the
   * last check, else nothing.
   */
  newAnswer(): unknown[] {
    const fresh = this.sink.batches.slice(this.seenBatches);
    if (this.outputMode === 'complete') return fresh.length === 0 ? [] : fresh[fresh.length - 1]!.rows.slice();
    const out: unknown[] = [];
    for (const b of fresh) for (const r of b.rows) out.push(r);
    return out;
  }

  compare(action: string, expected: unknown[], actual: unknown[]): void {
    if (sameRows(expected, actual)) return;
    const { missing, unexpected } = diffRows(expected, actual);
    this.fail(
      action,
      `expected (${expected.length} rows):\n${renderRows(expected)}\nactual (${actual.length} rows):\n${renderRows(actual)}\n` +
        `missing: ${missing.length ? missing.join(' ') : '-'}\nunexpected: ${unexpected.length ? unexpected.join(' ') : '-'}`,
    );
  }
}

async function play(run: StreamTestRun, a: StreamAction): Promise<void> {
  switch (a.kind) {
    case 'addData':
      a.source.addData(a.rows);
      return;
    case 'checkAnswer':
      await run.settle();
      run.compare('checkAnswer', a.rows, run.sink.allData());
      run.seenBatches = run.sink.batches.length;
      return;
    case 'checkLastBatch':
      await run.settle();
      run.compare('checkLastBatch', a.rows, run.sink.latestBatchData());
      run.seenBatches = run.sink.batches.length;
      return;
    case 'checkNewAnswer': {
      await run.settle();
      run.compare('checkNewAnswer', a.rows, run.newAnswer());
      run.seenBatches = run.sink.batches.length;
      return;
    }
    case 'advanceClock':
      run.clock.advance(a.ms);
      await run.idle();
      return;
    case 'stopStream':
      await run.query?.stop();
      if (run.query?.exception) run.fail('stopStream', `the query had failed: ${run.query.exception.message}`);
      return;
    case 'startStream':
      if (run.query?.isActive) run.fail('startStream', 'the query is already running: add stopStream() first');
      run.trigger = a.trigger ?? run.trigger;
      run.start(run.trigger);
      return;
    case 'assertOnQuery': {
      await run.settle();
      if (!run.query) run.fail(`assertOnQuery(${a.message})`, 'no query');
      // biome-ignore lint/suspicious/noConfusingVoidType: what an assertOnQuery check returns
      let ok: boolean | void;
      try {
        ok = await a.check(run.query);
      } catch (e) {
        run.fail(`assertOnQuery(${a.message})`, `the check threw: ${(e as Error).message}`);
      }
      if (ok === false) run.fail(`assertOnQuery(${a.message})`, 'the check returned false');
      return;
    }
    case 'expectFailure': {
      let err = run.startError;
      if (!err && run.query) {
        await run.query.processAllAvailable().catch(() => undefined);
        err = await run.query.awaitTermination().then(
          () => undefined,
          (e: unknown) => e,
        );
      }
      if (!err) run.fail('expectFailure', 'the query did not fail');
      const code = err instanceof StreamlabError ? err.code : undefined;
      const cause = err instanceof StreamlabError && err.cause instanceof StreamlabError ? err.cause.code : undefined;
      if (a.code && a.code !== code && a.code !== cause)
        run.fail('expectFailure', `expected code ${a.code}, got ${code ?? 'none'}${cause ? ` (cause ${cause})` : ''}: ${(err as Error).message}`);
      const msg = (err as Error).message;
      if (a.message && !(typeof a.message === 'string' ? msg.includes(a.message) : a.message.test(msg))) {
        run.fail('expectFailure', `message ${JSON.stringify(msg)} does not match ${String(a.message)}`);
      }
      run.startError = undefined;
      return;
    }
  }
}

/**
 * Tests a streaming query step by step, like Spark's `testStream`.
 *
 * @example
 * await testStream(words.toStream().groupBy('word').count(), 'complete')(
 *   addData(words, { word: 'dog' }),
 *   checkAnswer({ word: 'dog', count: 1 }),
 * );
 */
export function testStream<T>(
  query: Stream<T> | DataStreamWriter<T>,
  outputMode: OutputMode = 'append',
  options: TestStreamOptions = {},
): (...actions: StreamAction[]) => Promise<void> {
  const writer = (query instanceof Stream ? query.writeStream : query) as DataStreamWriter<unknown>;
  return async (...actions) => {
    const run = new StreamTestRun(writer, outputMode, options);
    if (actions[0]?.kind !== 'startStream') run.start(run.trigger);
    try {
      for (const a of actions) {
        run.step += 1;
        await play(run, a);
      }
      if (run.startError) run.fail('(end)', `the query did not start: ${(run.startError as Error).message}`);
    } finally {
      await run.query?.stop();
    }
  };
}
