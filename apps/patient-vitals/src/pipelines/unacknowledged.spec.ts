import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { Alert } from '../domain/alert.js';
import type { Ack } from '../domain/records.js';
import { unacknowledgedAlerts } from './unacknowledged.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const M = 60_000;
const alert = (id: string, m: number, kind: Alert['kind'] = 'news2'): Alert => ({
  alertId: id,
  patientId: 'pt-00000a',
  eventTime: T0 + m * M,
  kind,
  level: 'high',
  severity: 'critical',
  total: 7,
  reason: 'NEWS2 7',
});
const ack = (alertId: string, m: number): Ack => ({ ackId: `k-${alertId}`, alertId, patientId: 'pt-00000a', eventTime: T0 + m * M, by: 'station-1' });
const brief = (s: ReturnType<typeof unacknowledgedAlerts>) =>
  s.map((a) => ({ alertId: a.alertId, at: ((a.eventTime as number) - T0) / M, kind: a.kind, severity: a.severity }));

describe('unacknowledgedAlerts (flatMapGroupsWithState, event-time timeout per alert)', () => {
  it('escalates an alert nobody acknowledged when the watermark passes its 15 minutes; an acknowledged one is never escalated', async () => {
    const alerts = new MemoryStream<Alert>();
    const acks = new MemoryStream<Ack>();
    const ticks = new MemoryStream<{ eventTime: number }>();
    await testStream(brief(unacknowledgedAlerts(alerts.toStream(), acks.toStream(), ticks.toStream())), 'append')(
      addData(alerts, alert('a1', 0), alert('a2', 1), alert('t1', 1, 'trend')),
      addData(acks, ack('a2', 5)),
      checkNewAnswer(),
      addData(ticks, { eventTime: T0 + 19 * M }), // watermark 14 min (5-minute delay): not yet
      checkNewAnswer(),
      addData(ticks, { eventTime: T0 + 21 * M }), // watermark 16 min: a1's clock ran out
      checkNewAnswer({ alertId: 'a1:unacknowledged', at: 15, kind: 'unacknowledged', severity: 'critical' }),
      addData(ticks, { eventTime: T0 + 60 * M }),
      checkNewAnswer(), // a2 was acknowledged; trend alerts are not on the clock
    );
  });
});
