/**
 * Pipeline 7b, escalation of unacknowledged alerts. Concept: `flatMapGroupsWithState` with an
 * event-time timeout, keyed by alert: a NEWS2 alert starts a 15-minute clock (of event time); its
 * acknowledgement stops it and frees the state; if the watermark passes the 15 minutes first, the
 * timeout fires and the alert is escalated (a new, critical alert naming the one nobody answered),
 * as a nurse-in-charge's bleep would be.
 *
 * Alerts and acknowledgements are mapped to one event type and unioned, under one watermark.
 * Alerts are rare and acknowledgements rarer, so a busy stream of the same clock (the NEWS2
 * scores) can be unioned in as ticks: they carry no alert and only move event time on, so a
 * clock runs out on time on a quiet ward too.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import type { Ack } from '../domain/records.js';

export const ESCALATE_AFTER_MS = 15 * 60_000;
/** Alerts and acks may lag the ticks by this much; escalation needs minute accuracy, not second. */
export const TICK_WATERMARK = '5 minutes';
/** The key of tick rows: they only move the watermark. */
const TICK = '';

interface AlertEvent {
  alertId: string;
  eventTime: number;
  alert: Alert | null;
}

interface Pending {
  alert: Alert | null;
  acked: boolean;
}

/**
 * The per-alert clock (exported for `testGroupState`).
 *
 * @example
 * events.groupByKey((e) => e.alertId).flatMapGroupsWithState(ackClock, { outputMode: 'append', timeout: 'eventTime' });
 */
export function ackClock(alertId: string, events: AlertEvent[], state: GroupState<Pending>): Alert[] {
  if (alertId === TICK) return []; // event time moving on, nothing to keep
  if (state.hasTimedOut) {
    const p = state.get();
    state.remove();
    if (p.acked || !p.alert) return [];
    const a = p.alert;
    return [
      {
        ...a,
        alertId: `${alertId}:unacknowledged`,
        eventTime: (a.eventTime as number) + ESCALATE_AFTER_MS,
        kind: 'unacknowledged',
        severity: 'critical',
        reason: `Unacknowledged for 15 min, escalated to the nurse in charge: ${a.reason}`,
      },
    ];
  }
  const p = state.getOption() ?? { alert: null, acked: false };
  for (const e of events) {
    if (e.alert) p.alert = e.alert;
    else p.acked = true;
  }
  if (p.acked) {
    // answered: nothing to escalate, and nothing to keep
    state.remove();
    return [];
  }
  state.update(p);
  if (p.alert) state.setTimeoutTimestamp((p.alert.eventTime as number) + ESCALATE_AFTER_MS);
  return [];
}

/**
 * Escalations of NEWS2 alerts nobody acknowledged within 15 minutes.
 *
 * @example
 * unacknowledgedAlerts(alerts, acks).writeStream.outputMode('append').sink(alertsSink).start();
 */
export function unacknowledgedAlerts(alerts: Stream<Alert>, acks: Stream<Ack>, ticks?: Stream<{ eventTime: number }>): Stream<Alert> {
  const raised = alerts.filter((a) => a.kind === 'news2').map((a): AlertEvent => ({ alertId: a.alertId, eventTime: a.eventTime as number, alert: a }));
  const answered = acks.map((k): AlertEvent => ({ alertId: k.alertId, eventTime: k.eventTime as number, alert: null }));
  let events = raised.union(answered);
  if (ticks) events = events.union(ticks.map((t): AlertEvent => ({ alertId: TICK, eventTime: t.eventTime, alert: null })));
  return (
    events
      // alerts come back from their topic later than the ticks (a Kafka round trip): room for that
      .withWatermark('eventTime', TICK_WATERMARK)
      .groupByKey((e) => e.alertId)
      .flatMapGroupsWithState(ackClock, { outputMode: 'append', timeout: 'eventTime' })
  );
}
