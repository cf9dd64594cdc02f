/**
 * Pipeline 7a, acknowledgement. Concept: a stream-stream left outer join with an event-time range
 * (Spark's symmetric hash join): every NEWS2 alert (`vitals.alerts`) is joined with the
 * acknowledgement the dashboard sent for it (`vitals.acks`), if one comes within 2 hours.
 * A matched pair is emitted at once, with its time to acknowledge (the KPI); an alert nobody
 * acknowledged is emitted with `ackedAt: null` once the watermark passes its 2 hours, and both
 * sides' state is cleaned up by the watermark.
 *
 * Acknowledgements are rare, so their input is given an idle timeout (an extension): without it,
 * an input that has had no rows holds the query watermark (min policy) and no unacknowledged row
 * would ever be emitted.
 */
import type { Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import type { Ack } from '../domain/records.js';

/** How long after an alert an acknowledgement still counts. */
export const ACK_WINDOW = '2 hours';
export const ACK_WATERMARK = '1 minute';

export interface AckRow {
  alertId: string;
  patientId: string;
  level: string;
  severity: string;
  raisedAt: number;
  ackedAt: number | null;
  by: string | null;
  /** Time to acknowledge (ms of event time), or null when it was not acknowledged within the window. */
  ttaMs: number | null;
}

/**
 * Alerts with their acknowledgement and time to acknowledge.
 *
 * @example
 * acknowledgements(alerts, acks, '30 seconds').writeStream.outputMode('append').sink(sink).start();
 */
export function acknowledgements(alerts: Stream<Alert>, acks: Stream<Ack>, acksIdleTimeout = '30 seconds'): Stream<AckRow> {
  const left = alerts
    .filter((a) => a.kind === 'news2')
    .map((a) => ({ alertId: a.alertId, patientId: a.patientId, level: a.level, severity: a.severity, raisedAt: a.eventTime as number }))
    .withWatermark('raisedAt', ACK_WATERMARK);
  const right = acks
    .map((k) => ({ ackAlertId: k.alertId, ackedAt: k.eventTime as number, by: k.by }))
    .withWatermark('ackedAt', ACK_WATERMARK, { idleTimeout: acksIdleTimeout });
  return left
    .join(right, { left: 'alertId', right: 'ackAlertId' }, 'leftOuter', { timeRange: { leftTime: 'raisedAt', rightTime: 'ackedAt', min: 0, max: ACK_WINDOW } })
    .map(
      (r): AckRow => ({
        alertId: r.alertId,
        patientId: r.patientId,
        level: r.level,
        severity: r.severity,
        raisedAt: r.raisedAt,
        ackedAt: r.ackedAt ?? null,
        by: r.by ?? null,
        ttaMs: r.ackedAt === null || r.ackedAt === undefined ? null : r.ackedAt - r.raisedAt,
      }),
    );
}
