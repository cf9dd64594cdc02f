/**
 * The alert list with acknowledge: newest first, each with the patient's name (resolved from the
 * census in the browser), its reason, and a button that sends `ack` over socket.io. The server
 * validates it, stamps it and produces it to `vitals.acks`; the acknowledgement join then shows
 * the time to acknowledge. Until the join's row arrives the alert shows "sent".
 */
import { formatDuration, formatTime, h } from '@streamlab/live/browser';
import type { AckRow, Alert } from '../queries.js';

export interface AlertListOptions {
  nameOf(patientId: string): string;
  /** Sends the acknowledgement; resolves with the server's answer. */
  acknowledge(alert: Alert): Promise<{ ok: boolean; error?: string }>;
  onSelect(patientId: string): void;
}

/**
 * @example
 * const list = alertList({ nameOf, acknowledge: (a) => live.send('ack', { alertId: a.alertId, patientId: a.patientId }), onSelect });
 */
export function alertList(o: AlertListOptions) {
  const el = h('ol', { class: 'alert-list', 'aria-live': 'polite' });
  const pending = new Map<string, string>();
  return {
    el,
    render(alerts: readonly Alert[], acked: ReadonlyMap<string, AckRow>): void {
      el.replaceChildren(
        ...alerts.map((a) => {
          const ack = acked.get(a.alertId);
          const canAck = a.kind !== 'trend';
          const state = ack ? `acknowledged in ${formatDuration(ack.ttaMs ?? 0)}` : (pending.get(a.alertId) ?? '');
          const button = h(
            'button',
            {
              type: 'button',
              class: 'btn ack',
              disabled: !canAck || ack !== undefined || pending.has(a.alertId),
              onclick: () => {
                pending.set(a.alertId, 'sending…');
                o.acknowledge(a).then((r) => {
                  pending.set(a.alertId, r.ok ? 'sent' : `not sent: ${r.error ?? 'error'}`);
                  if (!r.ok) setTimeout(() => pending.delete(a.alertId), 3_000);
                });
              },
            },
            'Acknowledge',
          );
          return h(
            'li',
            { class: 'valert', 'data-severity': a.severity, 'data-kind': a.kind, 'data-alert': a.alertId, 'data-acked': ack ? 'true' : 'false' },
            h('button', { type: 'button', class: 'valert-who', onclick: () => o.onSelect(a.patientId) }, o.nameOf(a.patientId)),
            h('time', { class: 'valert-time' }, formatTime(Number(a.eventTime))),
            h('span', { class: 'valert-reason' }, a.reason),
            canAck ? button : null,
            h('span', { class: 'valert-state' }, state),
          );
        }),
      );
    },
  };
}
