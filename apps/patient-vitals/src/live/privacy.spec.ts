/**
 * Privacy: names and MRNs live only in the admissions table. The live app runs on an embedded
 * broker (in process) until it has alerts and an acknowledgement; then every record of every topic
 * on the broker (readings, observations, acks, alerts, dead letters, the queries' own) is read
 * back, and none may contain a patient's name or MRN. The census, which does carry names, goes
 * only to the dashboard over socket.io (the hub's channel, behind the token): checked here too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createEmbeddedKafka, EmbeddedBroker, type KafkaClient } from '@streamlab/kafka';
import { LiveHub } from '@streamlab/live';
import { type RunningVitals, startVitalsLive } from './start.js';
import { queries } from '../queries.js';
import { admission } from '../sim/hospital.js';

let kafka: KafkaClient;
let running: RunningVitals;
const hub = new LiveHub();
const abort = new AbortController();

beforeAll(async () => {
  kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  const ctx = { namespace: 'patient-vitals', hub, logger: pino({ level: 'silent' }), broker: { mode: 'embedded' as const, kafka }, signal: abort.signal };
  running = await startVitalsLive(ctx, { beds: 20, seed: 5 });
}, 60_000);

afterAll(async () => {
  abort.abort();
  await running?.stop?.();
  await kafka?.close();
});

async function allRecords(): Promise<{ topic: string; text: string }[]> {
  const out: { topic: string; text: string }[] = [];
  const reader = kafka.reader();
  for (const topic of await kafka.admin.listTopics()) {
    for (const p of await kafka.admin.topicOffsets(topic)) {
      if (p.high <= p.low) continue;
      const [records] = await reader.read([{ topic, partition: p.partition, from: p.low, until: p.high }]);
      for (const r of records ?? []) {
        const headers = (r.headers ?? []).map((h) => `${h.key}=${h.value?.toString('utf8') ?? ''}`).join(' ');
        out.push({ topic, text: `${r.key?.toString('utf8') ?? ''} ${r.value?.toString('utf8') ?? ''} ${headers}` });
      }
    }
  }
  return out;
}

describe('privacy', () => {
  it('no topic carries a name or an MRN: only pseudonymous patient ids', async () => {
    // wait (polling, no sleep) until the run has alerts on vitals.alerts, then acknowledge one through the client event
    const alerts = hub.channels('patient-vitals').find((c) => c.query === queries.alerts.id);
    await expect
      .poll(
        () =>
          hub
            .channels('patient-vitals')
            .find((c) => c.query === queries.alerts.id)
            ?.snapshot().rows.length ?? 0,
        { timeout: 60_000, interval: 250 },
      )
      .toBeGreaterThan(0);
    const first = (hub.channels('patient-vitals').find((c) => c.query === queries.alerts.id) ?? alerts)!.snapshot().rows[0] as {
      alertId: string;
      patientId: string;
    };
    const ack = await hub.clientEvents.dispatch(
      'patient-vitals',
      'ack',
      { alertId: first.alertId, patientId: first.patientId },
      { clientId: 'privacy-spec' },
      Date.now(),
    );
    expect(ack.ok).toBe(true);
    await expect.poll(async () => (await allRecords()).filter((r) => r.topic === 'vitals.acks').length, { timeout: 30_000, interval: 250 }).toBe(1);

    const records = await allRecords();
    const topics = new Set(records.map((r) => r.topic));
    for (const t of ['vitals.readings', 'vitals.observations', 'vitals.acks', 'vitals.alerts']) expect(topics).toContain(t);
    // the patients of this run, rebuilt from the census the dashboard got (names and MRNs)
    const census = hub
      .channels('patient-vitals')
      .find((c) => c.query === queries.census.id)!
      .snapshot().rows as { name: string; mrn: string; patientId: string }[];
    expect(census).toHaveLength(20);
    const text = records.map((r) => r.text).join('\n');
    for (const p of census) {
      expect(text, `${p.name} on a topic`).not.toContain(p.name);
      expect(text, `${p.mrn} on a topic`).not.toContain(p.mrn);
      // and their last names alone (a name split across fields would still be a leak)
      expect(text).not.toContain(`"${p.name.split(' ').at(-1)}"`);
    }
    expect(text).toMatch(/pt-[0-9a-z]{6}/);
    // the census is the only place names go, and it is not a topic
    expect(records.some((r) => r.topic.includes('census'))).toBe(false);
  }, 120_000);

  it('the pseudonymous id is not derived from the name or the MRN', () => {
    const a = admission(7, { person: { firstName: () => 'Ada', lastName: () => 'Lovelace' }, string: { numeric: () => '12345678' } } as never, () => 0.5);
    expect(a.patientId).toMatch(/^pt-[0-9a-z]{6}$/);
    expect(a.patientId).not.toContain('ada');
    expect(a.patientId).not.toContain('1234');
  });
});
