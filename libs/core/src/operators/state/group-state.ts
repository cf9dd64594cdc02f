/**
 * `GroupState<S>`: the per-key state handed to `mapGroupsWithState` / `flatMapGroupsWithState`
 * functions (Spark's GroupState), with processing-time and event-time timeouts.
 *
 * The timeout is reset every time the function is called for a key (new data or a timeout): set
 * it again on every call that should keep one, as in Spark.
 */
import { parseDuration, type Duration } from '../../duration.js';
import { StreamlabError } from '../../errors.js';
import { toEpochMs } from '../../time/event-time.js';

/** Which timeout a (flat)MapGroupsWithState uses (Spark's GroupStateTimeout). */
export type GroupStateTimeout = 'none' | 'processingTime' | 'eventTime';

/** "No timeout set" (Spark's NO_TIMESTAMP). */
export const NO_TIMESTAMP = -1;

export interface GroupState<S> {
  /** Whether the key has state. */
  readonly exists: boolean;
  /** The state; throws `STATE_NOT_DEFINED` when there is none (see `getOption`). */
  get(): S;
  /** The state, or `undefined` when there is none. */
  getOption(): S | undefined;
  /** Replaces the state (`null`/`undefined` are not valid states: use `remove()`). */
  update(newState: S): void;
  /** Removes the state (and, unless set again in this call, the timeout). */
  remove(): void;
  /** True when the function is called because this key timed out (no new values). */
  readonly hasTimedOut: boolean;
  /** Processing-time timeout: fire once `duration` has passed after this batch's processing time. */
  setTimeoutDuration(duration: Duration): void;
  /** Event-time timeout: fire once the watermark passes `timestamp` (+ `additional`). */
  setTimeoutTimestamp(timestamp: number | Date | string, additional?: Duration): void;
  /** The watermark of this batch (epoch ms); needs a watermark in the query. */
  getCurrentWatermarkMs(): number;
  /** The processing time of this batch (epoch ms). */
  getCurrentProcessingTimeMs(): number;
}

export interface GroupStateInit<S> {
  state: S | undefined;
  timeout: GroupStateTimeout;
  batchTimestampMs: number;
  /** `undefined` when the query has no watermark. */
  watermarkMs: number | undefined;
  hasTimedOut: boolean;
}

const bad = (code: string, message: string, value: unknown, hint: string): StreamlabError => new StreamlabError(code, message, { value, hint });

export class GroupStateImpl<S> implements GroupState<S> {
  private value: S | undefined;
  private defined: boolean;
  private wasUpdated = false;
  private wasRemoved = false;
  private timeoutMs = NO_TIMESTAMP;
  private readonly conf: GroupStateTimeout;
  private readonly batchTimestampMs: number;
  private readonly watermarkMs: number | undefined;
  readonly hasTimedOut: boolean;

  constructor(init: GroupStateInit<S>) {
    this.value = init.state;
    this.defined = init.state !== undefined;
    this.conf = init.timeout;
    this.batchTimestampMs = init.batchTimestampMs;
    this.watermarkMs = init.watermarkMs;
    this.hasTimedOut = init.hasTimedOut;
  }

  get exists(): boolean {
    return this.defined;
  }

  get(): S {
    if (!this.defined) {
      throw bad('STATE_NOT_DEFINED', 'the state of this key is not defined or was removed', undefined, 'check state.exists first, or use state.getOption()');
    }
    return this.value as S;
  }

  getOption(): S | undefined {
    return this.defined ? this.value : undefined;
  }

  update(newState: S): void {
    if (newState === undefined || newState === null) {
      throw bad('BAD_STATE_VALUE', `${String(newState)} is not a valid state value`, newState, 'use state.remove() to remove the state');
    }
    this.value = newState;
    this.defined = true;
    this.wasUpdated = true;
    this.wasRemoved = false;
  }

  remove(): void {
    this.value = undefined;
    this.defined = false;
    this.wasUpdated = false;
    this.wasRemoved = true;
  }

  setTimeoutDuration(duration: Duration): void {
    if (this.conf !== 'processingTime') {
      throw bad(
        'TIMEOUT_NOT_ENABLED',
        'cannot set a timeout duration without the processing-time timeout',
        this.conf,
        "pass { timeout: 'processingTime' } to mapGroupsWithState/flatMapGroupsWithState",
      );
    }
    const ms = parseDuration(duration, 'timeout duration');
    if (ms <= 0)
      throw bad('BAD_TIMEOUT', `timeout duration must be positive, got ${String(duration)}`, duration, 'e.g. state.setTimeoutDuration("10 seconds")');
    this.timeoutMs = this.batchTimestampMs + ms;
  }

  setTimeoutTimestamp(timestamp: number | Date | string, additional: Duration = 0): void {
    if (this.conf !== 'eventTime') {
      throw bad(
        'TIMEOUT_NOT_ENABLED',
        'cannot set a timeout timestamp without the event-time timeout',
        this.conf,
        "pass { timeout: 'eventTime' } to mapGroupsWithState/flatMapGroupsWithState",
      );
    }
    const base = toEpochMs(timestamp);
    if (base !== base)
      throw bad(
        'BAD_TIMEOUT',
        `timeout timestamp is not epoch ms, a Date or an ISO-8601 string: ${JSON.stringify(timestamp)}`,
        timestamp,
        'pass e.g. row.ts + 60_000',
      );
    const ms = base + parseDuration(additional, 'additional timeout duration');
    if (ms <= 0) throw bad('BAD_TIMEOUT', `timeout timestamp must be positive, got ${ms}`, timestamp, 'pass an event time in epoch ms');
    if (this.watermarkMs !== undefined && ms < this.watermarkMs) {
      throw bad(
        'BAD_TIMEOUT',
        `timeout timestamp (${ms}) cannot be earlier than the current watermark (${this.watermarkMs})`,
        ms,
        'base the timeout on the event time of the rows, e.g. maxEventTime + gap',
      );
    }
    this.timeoutMs = ms;
  }

  getCurrentWatermarkMs(): number {
    if (this.watermarkMs === undefined) {
      throw bad(
        'NO_WATERMARK',
        'cannot get the watermark: the query has no withWatermark before this operator',
        undefined,
        "add .withWatermark(<event-time column>, <delay>) before groupByKey, with <delay> how late a row may arrive (e.g. '10 minutes')",
      );
    }
    return this.watermarkMs;
  }

  getCurrentProcessingTimeMs(): number {
    return this.batchTimestampMs;
  }

  /** The timeout set in this call (epoch ms), or `undefined`. */
  getTimeoutTimestampMs(): number | undefined {
    return this.timeoutMs === NO_TIMESTAMP ? undefined : this.timeoutMs;
  }

  /** Whether `update()` was called (and not followed by `remove()`). */
  get isUpdated(): boolean {
    return this.wasUpdated;
  }

  /** Whether `remove()` was called (and not followed by `update()`). */
  get isRemoved(): boolean {
    return this.wasRemoved;
  }
}
