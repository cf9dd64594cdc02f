import { describe, expect, it } from 'vitest';
import { BatchRun } from '../../exec/batch-run.js';
import type { BatchContext } from '../../exec/batch-context.js';
import type { Logger } from '../../ports.js';
import type { GroupState } from './group-state.js';
import { GroupStateOperator } from './group-state-operator.js';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function batch(batchId: number, batchTimestampMs: number, rows: unknown[]): BatchRun {
  return new BatchRun({
    batchId,
    watermarkMs: 0,
    inputWatermarksMs: [],
    batchTimestampMs,
    outputMode: 'update',
    isNoDataBatch: rows.length === 0,
    inputs: [rows],
    logger: silent,
    watermarkCount: 0,
  });
}

describe('GroupStateOperator processing-time timeouts', () => {
  it('says when a processing-time timeout is due without new data, and fires it in that batch', () => {
    const op = new GroupStateOperator({
      operatorId: 0,
      child: { name: 'rows', execute: (ctx: BatchContext) => ctx.inputs[0] as unknown[] },
      keyFn: (r) => (r as { k: string }).k,
      fn: (k, values, state: GroupState<unknown>) => {
        if (state.hasTimedOut) {
          state.remove();
          return [[k, 'timed out']];
        }
        state.update(values.length);
        state.setTimeoutDuration('10 seconds');
        return [[k, values.length]];
      },
      isMap: false,
      timeout: 'processingTime',
      timeField: undefined,
      eventTime: undefined,
    });
    expect(op.execute(batch(0, 1000, [{ k: 'a' }, { k: 'a' }]))).toEqual([['a', 2]]);
    op.commit(0);
    expect(op.needsNoDataBatchOnTime(11_000)).toBe(false); // due strictly after 11 s, as in Spark
    expect(op.needsNoDataBatchOnTime(11_001)).toBe(true);
    expect(op.execute(batch(1, 11_001, []))).toEqual([['a', 'timed out']]);
    op.commit(1);
    expect(op.needsNoDataBatchOnTime(99_999)).toBe(false);
    expect(op.progress()).toMatchObject({ numRowsTotal: 0, numRowsUpdated: 1, numRowsRemoved: 1 });
  });
});
