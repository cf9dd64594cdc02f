/**
 * The actions of `testStream` (Spark's StreamTest actions), as plain data.
 */
import type { MemoryStream } from '../sources/memory-stream.js';
import type { StreamingQuery } from '../query/streaming-query.js';
import type { TriggerOptions } from '../query/trigger.js';

export type StreamAction =
  | { kind: 'addData'; source: MemoryStream<unknown>; rows: unknown[] }
  | { kind: 'checkAnswer'; rows: unknown[] }
  | { kind: 'checkLastBatch'; rows: unknown[] }
  | { kind: 'checkNewAnswer'; rows: unknown[] }
  | { kind: 'advanceClock'; ms: number }
  | { kind: 'stopStream' }
  | { kind: 'startStream'; trigger?: TriggerOptions }
  // biome-ignore lint/suspicious/noConfusingVoidType: a check may return nothing (it asserts with expect) or false
  | { kind: 'assertOnQuery'; check: (q: StreamingQuery) => boolean | void | Promise<boolean | void>; message: string }
  | { kind: 'expectFailure'; code?: string; message?: string | RegExp };

/**
 * Adds rows to a MemoryStream.
 *
 * @example
 * addData(words, { ts: 0, word: 'dog' })
 */
export function addData<T>(source: MemoryStream<T>, ...rows: (T | readonly T[])[]): StreamAction {
  const flat: unknown[] = [];
  for (const r of rows) {
    if (Array.isArray(r)) flat.push(...(r as readonly T[]));
    else flat.push(r);
  }
  return { kind: 'addData', source: source as MemoryStream<unknown>, rows: flat };
}

/**
 * Processes everything available, then checks the whole result table (all rows emitted so far;
 * the last batch in complete mode), ignoring order.
 *
 * @example
 * checkAnswer({ word: 'dog', count: 1 })
 */
export function checkAnswer(...rows: unknown[]): StreamAction {
  return { kind: 'checkAnswer', rows };
}

/**
 * Processes everything available, then checks the rows of the last batch only.
 *
 * @example
 * checkLastBatch({ word: 'dog', count: 2 })
 */
export function checkLastBatch(...rows: unknown[]): StreamAction {
  return { kind: 'checkLastBatch', rows };
}

/**
 * Processes everything available, then checks the rows emitted since the previous check (in
 * complete mode: the latest result table if a batch ran since then, else nothing, as in Spark).
 *
 * @example
 * checkNewAnswer() // nothing new
 */
export function checkNewAnswer(...rows: unknown[]): StreamAction {
  return { kind: 'checkNewAnswer', rows };
}

/**
 * Moves the manual clock (processing time) forward and waits for the batches it triggers.
 *
 * @example
 * advanceClock(1000)
 */
export function advanceClock(ms: number): StreamAction {
  return { kind: 'advanceClock', ms };
}

/**
 * Stops the query; its checkpoint (a `memory:` location in the test's session, written after every
 * batch: offsets, commits, watermark, state) is kept for `startStream()`.
 *
 * @example
 * stopStream()
 */
export function stopStream(): StreamAction {
  return { kind: 'stopStream' };
}

/**
 * (Re)starts the query from its checkpoint, optionally with another trigger: after its last
 * committed batch, replaying a batch that was planned but not committed (e.g. after a failure).
 *
 * @example
 * startStream({ processingTime: '1 second' })
 */
export function startStream(trigger?: TriggerOptions): StreamAction {
  return trigger ? { kind: 'startStream', trigger } : { kind: 'startStream' };
}

/**
 * Runs a check against the running query; fails when it returns `false` or throws.
 *
 * @example
 * assertOnQuery((q) => q.lastProgress?.eventTime.watermark === '1970-01-01T00:00:05.000Z', 'watermark 5s')
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a check may return nothing (it asserts with expect) or false
export function assertOnQuery(check: (q: StreamingQuery) => boolean | void | Promise<boolean | void>, message = 'assertOnQuery'): StreamAction {
  return { kind: 'assertOnQuery', check, message };
}

/**
 * Expects the query to fail (with a `StreamlabError` code and/or a message), e.g. at start().
 *
 * @example
 * expectFailure({ code: 'APPEND_NEEDS_WATERMARK' })
 */
export function expectFailure(match: { code?: string; message?: string | RegExp } = {}): StreamAction {
  return { kind: 'expectFailure', ...match };
}
