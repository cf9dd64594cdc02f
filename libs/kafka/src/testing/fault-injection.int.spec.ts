import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { runFaultInjection, type FaultOutcome } from './fault-injection.js';
import { describeKafka, testBrokers } from './kafka-test.js';

const RECORDS = 200_000;
const KILLS = 10;
const SEED = Number(process.env['FAULT_SEED'] ?? 20261123);
/** Bad records mixed in: an invalid-UTF-8 record per 2,000, and an invalid-JSON record of the input topic's largest size every 20 chunks. */
const BAD = { oversizedEvery: 20 };

function expectExactlyOnce(r: FaultOutcome): void {
  // Each window's count was written exactly once, and it is the count over the whole input.
  expect(r.output).toEqual(new Map([...r.expected].map(([k, n]) => [k, [n]])));
}

/** Every bad record was dead-lettered exactly once (at least once when `atLeast`), with its reason. */
function expectDeadLetters(r: FaultOutcome, atLeast = false): void {
  expect(r.bad.size).toBeGreaterThan(0);
  expect(new Set(r.deadLetters.keys())).toEqual(new Set(r.bad.keys()));
  for (const [key, reasons] of r.deadLetters) {
    if (!atLeast) expect(reasons, key).toHaveLength(1);
    for (const reason of reasons) expect(reason, key).toMatch(r.bad.get(key)!);
  }
}

function expectAtLeastOnce(r: FaultOutcome): void {
  // Nothing lost: every window is there with its full count (a replayed batch may repeat it).
  expect(new Set(r.output.keys())).toEqual(new Set(r.expected.keys()));
  for (const [k, ns] of r.output) expect(new Set(ns)).toEqual(new Set([r.expected.get(k)]));
}

describeKafka(
  'fault injection on the real broker: SIGKILL the query 10 times while 200,000 records arrive, bad ones (invalid UTF-8, oversized) mixed in',
  () => {
    it('exactly-once: read_committed output equals the result over the whole input, no loss, no duplicates', { timeout: 300_000 }, async () => {
      const brokers = testBrokers().join(',');
      const client = createKafkajsClient({ brokers });
      const r = await runFaultInjection({
        client,
        mode: { kind: 'real', brokers },
        guarantee: 'exactly-once',
        records: RECORDS,
        kills: KILLS,
        badRecords: BAD,
        seed: SEED,
      });
      await client.close();
      expectExactlyOnce(r);
      expectDeadLetters(r);
    });

    it('at-least-once: no loss', { timeout: 300_000 }, async () => {
      const brokers = testBrokers().join(',');
      const client = createKafkajsClient({ brokers });
      const r = await runFaultInjection({
        client,
        mode: { kind: 'real', brokers },
        guarantee: 'at-least-once',
        records: RECORDS,
        kills: KILLS,
        badRecords: BAD,
        seed: SEED + 1,
      });
      await client.close();
      expectAtLeastOnce(r);
      expectDeadLetters(r, true);
    });
  },
);

describe('fault injection on the embedded broker (its log in this process, the query in a child)', () => {
  it('exactly-once: read_committed output equals the result over the whole input, no loss, no duplicates', { timeout: 300_000 }, async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const r = await runFaultInjection({
      client,
      mode: { kind: 'embedded' },
      guarantee: 'exactly-once',
      records: RECORDS,
      kills: KILLS,
      badRecords: BAD,
      seed: SEED + 2,
    });
    expectExactlyOnce(r);
    expectDeadLetters(r);
  });

  it('at-least-once: no loss', { timeout: 300_000 }, async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const r = await runFaultInjection({
      client,
      mode: { kind: 'embedded' },
      guarantee: 'at-least-once',
      records: RECORDS,
      kills: KILLS,
      badRecords: BAD,
      seed: SEED + 3,
    });
    expectAtLeastOnce(r);
    expectDeadLetters(r, true);
  });
});
