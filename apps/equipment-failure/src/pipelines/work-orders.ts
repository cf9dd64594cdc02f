/**
 * Pipeline 4b, maintenance work orders. Concept: arbitrary state with exactly one open order per
 * machine and failure mode. When a machine's remaining useful life stays below the horizon for two
 * windows in a row, an order opens (once: later estimates do not open another); when maintenance
 * on the machine completes, its open orders close. Each version of an order is a row; the live
 * query writes them to `equipment.work-orders` through the exactly-once Kafka sink, and order ids
 * are stable, so a replayed batch cannot duplicate an order.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { PredictableMode } from '../domain/diagnosis.js';
import type { Reading } from '../domain/reading.js';
import type { MaintenanceEvent, WorkOrder } from '../domain/work-order.js';
import type { PipelineOptions } from './options.js';
import type { RemainingLife } from './remaining-life.js';

/** What drives the orders: a remaining-life estimate, or a maintenance completion. */
export type OrderInput =
  | { kind: 'rul'; machineId: string; eventTime: number; mode: PredictableMode | null; rulMs: number | null }
  | { kind: 'maintenance'; machineId: string; eventTime: number; mode: string };

interface Orders {
  open: Record<string, WorkOrder>;
  /** Per mode, consecutive windows below the horizon. */
  below: Record<string, number>;
}

/** Windows in a row below the horizon before an order opens: one noisy fit does not dispatch a technician. */
export const CONFIRM_WINDOWS = 2;

/**
 * Advances one machine's orders over its inputs, in event-time order.
 *
 * @example
 * advanceOrders('P1-L1-M01', inputs, state, 2 * 3_600_000);
 */
export function advanceOrders(machineId: string, inputs: OrderInput[], state: GroupState<Orders>, horizonMs: number): WorkOrder[] {
  const s = state.getOption() ?? { open: {}, below: {} };
  const out: WorkOrder[] = [];
  inputs.sort((a, b) => a.eventTime - b.eventTime || (a.kind === 'maintenance' ? -1 : 1));
  for (const i of inputs) {
    if (i.kind === 'maintenance') {
      // a repair overhauls the machine: whatever was open on it is resolved
      for (const o of Object.values(s.open))
        out.push({ ...o, status: 'closed', closedAt: i.eventTime, eventTime: i.eventTime, resolution: `maintenance: ${i.mode}` });
      s.open = {};
      s.below = {};
      continue;
    }
    for (const mode of Object.keys(s.below)) if (mode !== i.mode) s.below[mode] = 0;
    if (i.mode === null || i.rulMs === null || i.rulMs >= horizonMs) continue;
    const n = (s.below[i.mode] ?? 0) + 1;
    s.below[i.mode] = n;
    if (n < CONFIRM_WINDOWS || s.open[i.mode] !== undefined) continue;
    const order: WorkOrder = {
      orderId: `${machineId}:${i.mode}:${i.eventTime}`,
      machineId,
      mode: i.mode,
      status: 'open',
      openedAt: i.eventTime,
      eventTime: i.eventTime,
      closedAt: null,
      rulAtOpenMs: Math.round(i.rulMs),
      dueBy: Math.round(i.eventTime + i.rulMs),
      resolution: null,
    };
    s.open[i.mode] = order;
    out.push(order);
  }
  state.update(s);
  return out;
}

/**
 * Maintenance completions in the gateway records.
 *
 * @example
 * maintenanceEvents(readings); // { machineId, eventTime, mode: 'bearing-wear' }
 */
export function maintenanceEvents(readings: Stream<Reading>): Stream<MaintenanceEvent> {
  return readings.flatMap((r) => (r.maintenance === null ? [] : [{ machineId: r.machineId, eventTime: r.eventTime, mode: r.maintenance }]));
}

/**
 * Work-order versions from remaining-life estimates and maintenance completions (append).
 *
 * @example
 * workOrders(remainingLife(scores), maintenanceFromKafka, options).writeStream.sink(kafkaSink(...));
 */
export function workOrders(life: Stream<RemainingLife>, maintenance: Stream<MaintenanceEvent>, o: Pick<PipelineOptions, 'horizon'>): Stream<WorkOrder> {
  const fromLife = life.map((r): OrderInput => ({ kind: 'rul', machineId: r.machineId, eventTime: r.eventTime, mode: r.mode, rulMs: r.rulMs }));
  const fromMaintenance = maintenance.map((m): OrderInput => ({ kind: 'maintenance', machineId: m.machineId, eventTime: m.eventTime, mode: m.mode }));
  return fromLife
    .union(fromMaintenance)
    .groupByKey((i) => i.machineId)
    .flatMapGroupsWithState((machineId: string, inputs: OrderInput[], state: GroupState<Orders>) => advanceOrders(machineId, inputs, state, o.horizon), {
      outputMode: 'append',
      timeout: 'none',
    });
}
