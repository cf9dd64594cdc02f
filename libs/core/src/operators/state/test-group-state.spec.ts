import { describe, expect, it } from 'vitest';
import { MemoryStream } from '../../sources/memory-stream.js';
import { testGroupState } from './test-group-state.js';
import type { GroupState } from './group-state.js';

function countFn(key: string, values: string[], state: GroupState<number>): [string, number] {
  if (state.hasTimedOut) {
    state.remove();
    return [key, -1];
  }
  const n = (state.getOption() ?? 0) + values.length;
  state.update(n);
  state.setTimeoutDuration('10 seconds');
  return [key, n];
}

describe('testGroupState (Spark TestGroupState)', () => {
  it('unit-tests a state function: update and processing-time timeout', () => {
    const state = testGroupState<number>({ state: 2, timeout: 'processingTime', batchTimestampMs: 1000 });
    expect(countFn('a', ['x'], state)).toEqual(['a', 3]);
    expect(state.get()).toBe(3);
    expect(state.isUpdated).toBe(true);
    expect(state.getTimeoutTimestampMs()).toBe(11_000);
  });

  it('unit-tests the timed-out call', () => {
    const state = testGroupState<number>({ state: 5, timeout: 'processingTime', hasTimedOut: true });
    expect(countFn('a', [], state)).toEqual(['a', -1]);
    expect(state.exists).toBe(false);
    expect(state.isRemoved).toBe(true);
    expect(() => state.get()).toThrow(expect.objectContaining({ code: 'STATE_NOT_DEFINED' }));
  });

  it('rejects invalid uses with coded errors', () => {
    const none = testGroupState<number>();
    expect(() => none.setTimeoutDuration('1 second')).toThrow(expect.objectContaining({ code: 'TIMEOUT_NOT_ENABLED' }));
    expect(() => none.setTimeoutTimestamp(1000)).toThrow(expect.objectContaining({ code: 'TIMEOUT_NOT_ENABLED' }));
    expect(() => none.update(null as unknown as number)).toThrow(expect.objectContaining({ code: 'BAD_STATE_VALUE' }));
    expect(() => none.getCurrentWatermarkMs()).toThrow(expect.objectContaining({ code: 'NO_WATERMARK' }));
    const pt = testGroupState<number>({ timeout: 'processingTime' });
    expect(() => pt.setTimeoutDuration(0)).toThrow(expect.objectContaining({ code: 'BAD_TIMEOUT' }));
    const et = testGroupState<number>({ timeout: 'eventTime', watermarkMs: 5000 });
    expect(() => et.setTimeoutTimestamp(4000)).toThrow(expect.objectContaining({ code: 'BAD_TIMEOUT' }));
    expect(() => et.setTimeoutTimestamp('not a time')).toThrow(expect.objectContaining({ code: 'BAD_TIMEOUT' }));
  });

  it('event-time timeouts accept epoch ms, Date, ISO text and an extra duration', () => {
    const et = testGroupState<number>({ timeout: 'eventTime', watermarkMs: 1000, batchTimestampMs: 77 });
    et.setTimeoutTimestamp(new Date(2000), '1 second');
    expect(et.getTimeoutTimestampMs()).toBe(3000);
    et.setTimeoutTimestamp('1970-01-01T00:00:05Z');
    expect(et.getTimeoutTimestampMs()).toBe(5000);
    expect(et.getCurrentWatermarkMs()).toBe(1000);
    expect(et.getCurrentProcessingTimeMs()).toBe(77);
  });
});

describe('groupByKey options', () => {
  it('rejects unknown timeouts and output modes when the query is built', () => {
    const keyed = new MemoryStream<{ k: string }>().toStream().groupByKey((r) => r.k);
    expect(() => keyed.mapGroupsWithState(() => 1, { timeout: 'soon' as 'none' })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => keyed.flatMapGroupsWithState(() => [], { outputMode: 'complete' as 'append' })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
