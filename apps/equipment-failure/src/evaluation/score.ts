/**
 * Scores an evaluation run against the simulator's ground truth, on the targets:
 * recall of predictable failures (a work order opened between the degradation's onset and the
 * failure), their median lead time, work-order precision, the share of sensor faults raised as
 * machine faults, and OEE per line and shift against the simulator's true OEE.
 */
import { median } from '@streamlab/datagen';
import { PREDICTABLE_MODES } from '../domain/diagnosis.js';
import { SHIFT_MS } from '../domain/shifts.js';
import { SENSOR_FAULTS } from '../sim/machine.js';
import type { EvaluationRun } from './run-evaluation.js';

/** A work order opened up to this long after a failure still names that failure (the estimate was late, not wrong). */
export const ORDER_GRACE_MS = 60 * 60_000;
/** A sensor fault "raised as a machine fault": an order on its machine during it or within this after. */
export const FAULT_GRACE_MS = 30 * 60_000;

export interface ModeScore {
  failures: number;
  detected: number;
  recall: number;
  medianLeadMin: number;
}

export interface Scorecard {
  predictable: ModeScore;
  byMode: Record<string, ModeScore>;
  /** Sudden failures have no precursor: scored apart, a warning before one is luck. */
  sudden: { failures: number; warned: number };
  orders: { opened: number; correct: number; precision: number; rightMode: number };
  sensorFaults: {
    incidents: number;
    raisedAsMachineFaults: number;
    share: number;
    classified: number;
    byKind: Record<string, { incidents: number; classified: number }>;
  };
  oee: { shifts: number; within1pct: number; maxAbsErrorPct: number; meanAbsErrorPct: number; lateRows: number };
  imminent: { alerts: number; onDegradingMachines: number };
}

const isPredictable = (s: string) => (PREDICTABLE_MODES as readonly string[]).includes(s);

/**
 * @example
 * const card = score(await runEvaluation());
 * card.predictable.recall; // 0..1
 */
export function score(run: EvaluationRun): Scorecard {
  const opened = run.orders.filter((o) => o.status === 'open');
  const failed = run.incidents.filter((i) => i.endMs <= run.endMs);
  const degradations = run.incidents.filter((i) => isPredictable(i.scenario));

  const leadsByMode = new Map<string, number[]>();
  const failuresByMode = new Map<string, number>();
  for (const f of failed.filter((i) => isPredictable(i.scenario))) {
    failuresByMode.set(f.scenario, (failuresByMode.get(f.scenario) ?? 0) + 1);
    const order = opened.find((o) => o.machineId === f.keys[0] && o.openedAt >= f.startMs && o.openedAt < f.endMs);
    if (order === undefined) continue;
    let leads = leadsByMode.get(f.scenario);
    if (!leads) leadsByMode.set(f.scenario, (leads = []));
    leads.push((f.endMs - order.openedAt) / 60_000);
  }
  const modeScore = (failures: number, leads: number[]): ModeScore => ({
    failures,
    detected: leads.length,
    recall: failures > 0 ? leads.length / failures : Number.NaN,
    medianLeadMin: median(leads),
  });
  const byMode: Record<string, ModeScore> = {};
  for (const m of PREDICTABLE_MODES) byMode[m] = modeScore(failuresByMode.get(m) ?? 0, leadsByMode.get(m) ?? []);
  const allLeads = [...leadsByMode.values()].flat();

  const sudden = failed.filter((i) => i.scenario === 'sudden-failure');
  const warned = sudden.filter((f) => opened.some((o) => o.machineId === f.keys[0] && o.openedAt >= f.endMs - 2 * 3_600_000 && o.openedAt < f.endMs)).length;

  const explains = (o: { machineId: string; openedAt: number }) =>
    degradations.find((f) => f.keys[0] === o.machineId && o.openedAt >= f.startMs && o.openedAt < f.endMs + ORDER_GRACE_MS);
  const correct = opened.filter((o) => explains(o) !== undefined);

  const faults = run.incidents.filter((i) => (SENSOR_FAULTS as readonly string[]).includes(i.scenario) && i.endMs <= run.endMs);
  const raised = faults.filter((f) =>
    opened.some((o) => o.machineId === f.keys[0] && o.openedAt >= f.startMs && o.openedAt < f.endMs + FAULT_GRACE_MS && explains(o) === undefined),
  );
  const byKind: Record<string, { incidents: number; classified: number }> = {};
  let classified = 0;
  for (const f of faults) {
    const kind = f.scenario.replace('sensor-', '');
    const hit = run.health.some((h) => h.machineId === f.keys[0] && h.status === kind && h.since >= f.startMs && h.since < f.endMs + 10 * 60_000);
    const k = (byKind[kind] ??= { incidents: 0, classified: 0 });
    k.incidents += 1;
    if (hit) {
      k.classified += 1;
      classified += 1;
    }
  }

  const errors: number[] = [];
  for (const t of run.truth) {
    if (t.shiftStart < run.startMs || t.shiftStart + SHIFT_MS > run.endMs) continue; // only whole shifts
    const p = run.oee.find((r) => r.lineId === t.lineId && r.window.start === t.shiftStart);
    errors.push(p === undefined ? Number.POSITIVE_INFINITY : Math.abs(p.oee - t.oee) * 100);
  }

  const imminentIds = new Map(run.imminent.map((a) => [a.alertId, a]));
  const onDegrading = [...imminentIds.values()].filter((a) =>
    degradations.some((f) => f.keys[0] === a.machineId && a.eventTime >= f.startMs && a.eventTime < f.endMs),
  ).length;

  return {
    predictable: modeScore(failed.filter((i) => isPredictable(i.scenario)).length, allLeads),
    byMode,
    sudden: { failures: sudden.length, warned },
    orders: {
      opened: opened.length,
      correct: correct.length,
      precision: opened.length > 0 ? correct.length / opened.length : Number.NaN,
      rightMode: correct.filter((o) => explains(o)!.scenario === o.mode).length,
    },
    sensorFaults: {
      incidents: faults.length,
      raisedAsMachineFaults: raised.length,
      share: faults.length > 0 ? raised.length / faults.length : 0,
      classified,
      byKind,
    },
    oee: {
      shifts: errors.length,
      within1pct: errors.filter((e) => e <= 1).length,
      maxAbsErrorPct: errors.length > 0 ? Math.max(...errors) : Number.NaN,
      meanAbsErrorPct: errors.length > 0 ? errors.reduce((a, b) => a + b, 0) / errors.length : Number.NaN,
      lateRows: run.lateOee,
    },
    imminent: { alerts: imminentIds.size, onDegradingMachines: onDegrading },
  };
}
