import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { runFaultInjection, type FaultOutcome } from './fault-injection.js';
import { describeKafka, testBrokers } from './kafka-test.js';

const RECORDS = 200_000;
const KILLS = 10;
const SEED = Number(process.env['FAULT_SEED'] ?? 20261123);

function expectExactlyOnce(r: FaultOutcome): void {
  // Each window's count was written exactly once, and it is the count over the whole input.
  expect(r.output).toEqual(new Map([...r.expected].map(([k, n]) => [k, [n]])));
}

function expectAtLeastOnce(r: FaultOutcome): void {
  // Nothing lost: every window is there with its full count (a replayed batch may repeat it).
  expect(new Set(r.output.keys())).toEqual(new Set(r.expected.keys()));
  for (const [k, ns] of r.output) expect(new Set(ns)).toEqual(new Set([r.expected.get(k)]));
}

describeKafka('fault injection on the real broker: SIGKILL the query 10 times while 200,000 records arrive', () => {
  it('exactly-once: read_committed output equals the result over the whole input, no loss, no duplicates', { timeout: 300_000 }, async () => {
    const brokers = testBrokers().join(',');
    const client = createKafkajsClient({ brokers });
    const r = await runFaultInjection({ client, mode: { kind: 'real', brokers }, guarantee: 'exactly-once', records: RECORDS, kills: KILLS, seed: SEED });
    await client.close();
    expectExactlyOnce(r);
  });

  it('at-least-once: no loss', { timeout: 300_000 }, async () => {
    const brokers = testBrokers().join(',');
    const client = createKafkajsClient({ brokers });
    const r = await runFaultInjection({ client, mode: { kind: 'real', brokers }, guarantee: 'at-least-once', records: RECORDS, kills: KILLS, seed: SEED + 1 });
    await client.close();
    expectAtLeastOnce(r);
  });
});

describe('fault injection on the embedded broker (its log in this process, the query in a child)', () => {
  it('exactly-once: read_committed output equals the result over the whole input, no loss, no duplicates', { timeout: 300_000 }, async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const r = await runFaultInjection({ client, mode: { kind: 'embedded' }, guarantee: 'exactly-once', records: RECORDS, kills: KILLS, seed: SEED + 2 });
    expectExactlyOnce(r);
  });

  it('at-least-once: no loss', { timeout: 300_000 }, async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const r = await runFaultInjection({ client, mode: { kind: 'embedded' }, guarantee: 'at-least-once', records: RECORDS, kills: KILLS, seed: SEED + 3 });
    expectAtLeastOnce(r);
  });
});
