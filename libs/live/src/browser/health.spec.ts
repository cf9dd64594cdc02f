import { describe, expect, it } from 'vitest';
import { HealthModel, type ProgressResponse } from './health.js';

/** The API's answer at `t` (ms from 0): every query's latest batch and totals. */
function response(t: number, queries: { query: string; batches: number; rowsPerBatch: number; late?: number; durationMs?: number }[]): ProgressResponse {
  return {
    nowMs: t,
    queries: queries.map((q) => ({
      query: q.query,
      totals: { batches: q.batches, inputRows: q.batches * q.rowsPerBatch, lateRows: q.late ?? 0, invalidRows: 0 },
      progress: [
        {
          batchId: q.batches - 1,
          timestamp: new Date(t).toISOString(),
          eventTime: { max: new Date(t - 1_000).toISOString(), watermark: new Date(t - 16_000).toISOString() },
          durationMs: { triggerExecution: q.durationMs ?? 1 },
          stateOperators: [{ numRowsTotal: 42 }],
        },
      ],
    })),
  };
}

describe('HealthModel', () => {
  it('rates are rows over the wall time between batches: 20 rows every 500 ms in 1 ms batches is 40 rows/s, not 20,000', () => {
    const m = new HealthModel(10);
    for (let b = 1; b <= 30; b++) m.update(response(b * 500, [{ query: 'rule', batches: b, rowsPerBatch: 20, durationMs: 1 }]));
    const [r] = m.rows();
    expect(r!.inputRowsPerSecond).toBeCloseTo(40, 6);
    expect(r!.processedRowsPerSecond).toBeCloseTo(40, 6);
    expect(r!.durationMs).toBe(1);
  });

  it('lists every query the API lists, the given ones first, with late rows since the query started', () => {
    const m = new HealthModel(10);
    m.update(
      response(1_000, [
        { query: 'fraud-velocity', batches: 3, rowsPerBatch: 10, late: 3013 },
        { query: 'alerts', batches: 2, rowsPerBatch: 1 },
        { query: 'alerts-to-kafka', batches: 2, rowsPerBatch: 1 },
      ]),
    );
    const rows = m.rows(['alerts', 'tx-rate']);
    expect(rows.map((r) => r.query)).toEqual(['alerts', 'tx-rate', 'fraud-velocity', 'alerts-to-kafka']);
    expect(rows.find((r) => r.query === 'fraud-velocity')).toMatchObject({
      lateRows: 3013,
      batchId: 2,
      stateRows: 42,
      maxEventTimeMs: 0,
      watermarkMs: -15_000,
    });
    // an older batch does not move the newest event time back (the lag stays watermark delay, never negative)
    const older = response(2_000, [{ query: 'fraud-velocity', batches: 4, rowsPerBatch: 10, late: 3013 }]);
    older.queries[0]!.progress[0]!.eventTime.max = new Date(-60_000).toISOString();
    m.update(older);
    expect(m.rows().find((r) => r.query === 'fraud-velocity')!.maxEventTimeMs).toBe(0);
    // not started yet: no numbers
    expect(rows[1]).toMatchObject({ batchId: null, inputRowsPerSecond: null, lateRows: 0, stateRows: null });
  });

  it('a query with no batch lately reads 0 rows/s (a query without input runs no batch)', () => {
    const m = new HealthModel(10);
    for (let b = 1; b <= 10; b++) m.update(response(b * 1_000, [{ query: 'q', batches: b, rowsPerBatch: 5 }]));
    const idle = response(30_000, [{ query: 'q', batches: 10, rowsPerBatch: 5 }]);
    idle.queries[0]!.progress[0]!.timestamp = new Date(10_000).toISOString();
    m.update(idle);
    expect(m.rows()[0]!.inputRowsPerSecond).toBe(0);
  });
});
