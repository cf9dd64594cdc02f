/**
 * The alert list with acknowledge, in the kit's alert layout (severity, who, reason, time): newest
 * first, the patient's name resolved from the census in the browser, the reason, and a button that
 * sends `ack` over socket.io. The server validates it, stamps it and produces it to `vitals.acks`;
 * the acknowledgement join then shows the time to acknowledge. Until the join's row arrives the
 * alert shows "sent". Trend alerts are early warnings, not on the acknowledgement clock.
 */
import { formatDuration, formatTime, h, severityOf } from '@streamlab/live/browser';
import type { AckRow, Alert } from '../queries.js';

export interface AlertListOptions {
  nameOf(patientId: string): string;
  /** Sends the acknowledgement; resolves with the server's answer. */
  acknowledge(alert: Alert): Promise<{ ok: boolean; error?: string }>;
  onSelect(patientId: string): void;
  /** Something the list shows changed outside the queries (an acknowledgement sent): render again. */
  onChange(): void;
}

/**
 * @example
 * const list = alertList({ nameOf, acknowledge: (a) => live.send('ack', { alertId: a.alertId, patientId: a.patientId }), onSelect });
 */
export function alertList(o: AlertListOptions) {
  const list = h('ol', { class: 'alerts', 'aria-label': 'Alerts, newest first', 'aria-live': 'polite' });
  const empty = h('p', { class: 'empty' }, 'No alerts yet.');
  const el = h('div', { class: 'alerts-wrap' }, empty, list);
  const pending = new Map<string, string>();
  let shown = '';
  return {
    el,
    render(alerts: readonly Alert[], acked: ReadonlyMap<string, AckRow>): void {
      // redraw only when what it shows changed: the page renders on every batch of every query,
      // and a list rebuilt under the reader's eyes (and the pointer) flickers and loses focus
      const key = alerts.map((a) => `${a.alertId}:${acked.get(a.alertId)?.ttaMs ?? ''}:${pending.get(a.alertId) ?? ''}:${o.nameOf(a.patientId)}`).join('|');
      if (key === shown) return;
      shown = key;
      empty.hidden = alerts.length > 0;
      list.replaceChildren(
        ...alerts.map((a) => {
          const ack = acked.get(a.alertId);
          const canAck = a.kind !== 'trend';
          const state = ack ? `acknowledged in ${formatDuration(ack.ttaMs ?? 0)}` : (pending.get(a.alertId) ?? '');
          const sev = severityOf(a.severity);
          const t = Number(a.eventTime);
          const button = h(
            'button',
            {
              type: 'button',
              class: 'btn ack',
              disabled: !canAck || ack !== undefined || pending.has(a.alertId),
              onclick: () => {
                pending.set(a.alertId, 'sending…');
                o.onChange();
                o.acknowledge(a).then((r) => {
                  pending.set(a.alertId, r.ok ? 'sent' : `not sent: ${r.error ?? 'error'}`);
                  o.onChange();
                  if (!r.ok)
                    setTimeout(() => {
                      pending.delete(a.alertId);
                      o.onChange();
                    }, 3_000);
                });
              },
            },
            'Acknowledge',
          );
          return h(
            'li',
            { class: 'alert', 'data-severity': sev, 'data-kind': a.kind, 'data-alert': a.alertId, 'data-acked': ack ? 'true' : 'false' },
            h('span', { class: `sev sev-${sev}` }, sev),
            h('button', { type: 'button', class: 'alert-entity who', onclick: () => o.onSelect(a.patientId) }, o.nameOf(a.patientId)),
            h('span', { class: 'alert-reason' }, a.reason),
            h('time', { class: 'alert-time', datetime: Number.isFinite(t) ? new Date(t).toISOString() : '' }, formatTime(t)),
            h('span', { class: 'alert-detail' }, canAck ? button : null, h('span', { class: 'alert-state' }, state)),
          );
        }),
      );
    },
  };
}
