/**
 * @streamlab/core/testing: test your streaming queries the way Spark's StreamTest does.
 *
 * @example
 * import { testStream, addData, checkAnswer } from '@streamlab/core/testing';
 */
export { ManualClock } from './manual-clock.js';
export { seededRandom } from './seeded-random.js';
export { testStream, type TestStreamOptions } from './test-stream.js';
export {
  addData,
  advanceClock,
  assertOnQuery,
  checkAnswer,
  checkLastBatch,
  checkNewAnswer,
  expectFailure,
  startStream,
  stopStream,
  type StreamAction,
} from './actions.js';
export { diffRows, renderRows, rowKey, sameRows } from './rows.js';
export { testGroupState, type TestGroupStateOptions } from '../operators/state/test-group-state.js';
export { assertNumStateRows, type ExpectedStateRows } from '../operators/state/support/state-rows.js';
