/**
 * `testGroupState`: a `GroupState` for unit-testing state functions without a query (Spark's
 * TestGroupState), with inspectors for what the function did.
 */
import { GroupStateImpl, type GroupStateTimeout } from './group-state.js';

export interface TestGroupStateOptions<S> {
  state?: S;
  timeout?: GroupStateTimeout;
  batchTimestampMs?: number;
  /** The watermark; leave out for a query without one. */
  watermarkMs?: number;
  hasTimedOut?: boolean;
}

/**
 * @example
 * const state = testGroupState<number>({ state: 2, timeout: 'processingTime', batchTimestampMs: 1000 });
 * countFn('a', [{ word: 'a' }], state);
 * state.get();                    // 3
 * state.getTimeoutTimestampMs();  // 11000
 */
export function testGroupState<S>(options: TestGroupStateOptions<S> = {}): GroupStateImpl<S> {
  return new GroupStateImpl<S>({
    state: options.state,
    timeout: options.timeout ?? 'none',
    batchTimestampMs: options.batchTimestampMs ?? 0,
    watermarkMs: options.watermarkMs,
    hasTimedOut: options.hasTimedOut ?? false,
  });
}
