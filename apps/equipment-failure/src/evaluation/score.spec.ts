import type { IncidentInfo } from '@streamlab/datagen';
import { describe, expect, it } from 'vitest';
import type { WorkOrder } from '../domain/work-order.js';
import type { OeeRow } from '../pipelines/oee.js';
import type { EvaluationRun } from './run-evaluation.js';
import { score } from './score.js';
import type { OeeTruth } from './true-oee.js';

const T0 = Date.parse('2026-01-05T06:00:00Z');
const M = 60_000;
const H = 60 * M;
const incident = (id: string, scenario: string, machine: string, startH: number, endH: number): IncidentInfo => ({
  id,
  scenario,
  startMs: T0 + startH * H,
  endMs: T0 + endH * H,
  keys: [machine],
});
const order = (machine: string, mode: string, atH: number): WorkOrder => ({
  orderId: `${machine}:${mode}:${atH}`,
  machineId: machine,
  mode,
  status: 'open',
  openedAt: T0 + atH * H,
  eventTime: T0 + atH * H,
  closedAt: null,
  rulAtOpenMs: H,
  dueBy: T0 + (atH + 1) * H,
  resolution: null,
});
const totals = { plannedMs: 8 * H, runMs: 6 * H, idealMs: 5 * H, totalCount: 100, goodCount: 95 };

function run(over: Partial<EvaluationRun>): EvaluationRun {
  return {
    options: { seed: 1, hours: 24, catalog: { plants: 1, linesPerPlant: 1, machinesPerLine: 5 }, samplePeriodMs: 10_000 },
    incidents: [],
    orders: [],
    imminent: [],
    health: [],
    oee: [],
    truth: [],
    records: 0,
    deadLetters: 0,
    lateOee: 0,
    startMs: T0,
    endMs: T0 + 24 * H,
    wallMs: 0,
    ...over,
  };
}

describe('score', () => {
  it('catches a failure with an order between onset and failure, and measures the lead time to the failure', () => {
    const card = score(
      run({
        incidents: [incident('b-1', 'bearing-wear', 'A', 1, 5), incident('c-1', 'cooling-failure', 'B', 2, 4), incident('s-1', 'seal-leak', 'C', 2, 4)],
        orders: [order('A', 'bearing-wear', 4), order('B', 'cooling-failure', 2.5), order('C', 'seal-leak', 4.5)],
      }),
    );
    // C's order came after its failure: not caught (but still a right order: late, not wrong)
    expect(card.predictable).toMatchObject({ failures: 3, detected: 2 });
    expect(card.predictable.recall).toBeCloseTo(2 / 3, 12);
    expect(card.predictable.medianLeadMin).toBe(75);
    expect(card.orders).toMatchObject({ opened: 3, correct: 3, precision: 1, rightMode: 3 });
  });

  it('counts an order no degradation explains against precision, and as a machine fault when a sensor fault was on', () => {
    const card = score(
      run({
        incidents: [incident('d-1', 'sensor-drift', 'A', 1, 3), incident('k-1', 'sensor-stuck', 'B', 1, 3)],
        orders: [order('A', 'bearing-wear', 2.5), order('D', 'cooling-failure', 10)],
        health: [{ machineId: 'B', sensor: 'current', status: 'stuck', since: T0 + 1.1 * H, eventTime: T0 + 1.1 * H }],
      }),
    );
    expect(card.orders).toMatchObject({ opened: 2, correct: 0, precision: 0 });
    expect(card.sensorFaults).toMatchObject({ incidents: 2, raisedAsMachineFaults: 1, share: 0.5, classified: 1 });
    expect(card.sensorFaults.byKind).toEqual({ drift: { incidents: 1, classified: 0 }, stuck: { incidents: 1, classified: 1 } });
  });

  it('scores sudden failures apart, and leaves failures after the run out', () => {
    const card = score(run({ incidents: [incident('x-1', 'sudden-failure', 'A', 3, 3.02), incident('b-2', 'bearing-wear', 'B', 22, 26)] }));
    expect(card.sudden).toEqual({ failures: 1, warned: 0 });
    expect(card.predictable.failures).toBe(0);
  });

  it('compares OEE per line and whole shift in percentage points; a missing shift is an error', () => {
    const truth: OeeTruth[] = [
      { lineId: 'L1', shiftStart: T0, ...totals, availability: 0.75, performance: 0.8, quality: 0.95, oee: 0.57 },
      { lineId: 'L2', shiftStart: T0, ...totals, availability: 0.75, performance: 0.8, quality: 0.95, oee: 0.57 },
      { lineId: 'L1', shiftStart: T0 + 24 * H, ...totals, availability: 1, performance: 1, quality: 1, oee: 1 }, // after the run: not whole
    ];
    const row = (lineId: string, oee: number) => ({ lineId, window: { start: T0, end: T0 + 8 * H }, oee }) as OeeRow;
    const card = score(run({ truth, oee: [row('L1', 0.575)] }));
    expect(card.oee.shifts).toBe(2);
    expect(card.oee.within1pct).toBe(1);
    expect(card.oee.maxAbsErrorPct).toBe(Number.POSITIVE_INFINITY);
    const ok = score(run({ truth: truth.slice(0, 1), oee: [row('L1', 0.575)] }));
    expect(ok.oee.maxAbsErrorPct).toBeCloseTo(0.5, 9);
  });
});
