/**
 * The alert feed's row: what the hub's tile and the dashboard's feed show, from three detectors
 * (a work order opened, an imminent-failure sequence, a rated limit exceeded). Each id names one
 * episode, so the feed keeps one alert per episode however often its detector fires.
 */
import type { WorkOrder } from './work-order.js';

export type Severity = 'critical' | 'high' | 'medium';

export interface Alert {
  alertId: string;
  machineId: string;
  eventTime: number;
  severity: Severity;
  kind: 'work-order' | 'imminent-failure' | 'rated-limit';
  reason: string;
}

/** Alerts of one machine and detector within this span are one episode. */
export const EPISODE_MS = 10 * 60_000;
const episode = (ms: number) => Math.floor(ms / EPISODE_MS) * EPISODE_MS;
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/**
 * @example
 * orderAlert(order).reason; // 'Work order: bearing-wear, remaining life 96 min'
 */
export function orderAlert(o: WorkOrder): Alert {
  return {
    alertId: `order:${o.orderId}`,
    machineId: o.machineId,
    eventTime: o.openedAt,
    severity: 'high',
    kind: 'work-order',
    reason: `Work order: ${o.mode}, remaining life ${minutes(o.rulAtOpenMs)}`,
  };
}

/** An imminent-failure sequence (vibration, temperature, current) as an alert. */
export function imminentAlert(a: { machineId: string; eventTime: number; startMs: number }): Alert {
  return {
    alertId: `imminent:${a.machineId}@${episode(a.startMs)}`,
    machineId: a.machineId,
    eventTime: a.eventTime,
    severity: 'critical',
    kind: 'imminent-failure',
    reason: 'Imminent failure: vibration warning, temperature rise, current spike',
  };
}

/** A statistics window past its rated limit as an alert. */
export function limitAlert(s: { machineId: string; sensor: string; eventTime: number; mean: number; limit: number }): Alert {
  return {
    alertId: `limit:${s.machineId}:${s.sensor}@${episode(s.eventTime)}`,
    machineId: s.machineId,
    eventTime: s.eventTime,
    severity: 'medium',
    kind: 'rated-limit',
    reason: `${s.sensor} ${s.mean.toFixed(1)} past its rating ${s.limit}`,
  };
}
