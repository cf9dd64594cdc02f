import { StreamlabError } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { OutgoingRecord } from '../port.js';
import { isNonRetriableKafkaError } from '../retriable.js';
import { sendLanes } from './pipelined-send.js';
import type { SendLane } from './send-plan.js';

/** A fake produce path: every request waits until the test acknowledges or fails it. */
class FakeBroker {
  readonly inFlight: { request: OutgoingRecord[]; ack(): void; fail(err: unknown): void }[] = [];
  readonly started: string[] = [];
  readonly written: OutgoingRecord[] = [];

  send = (request: OutgoingRecord[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.started.push(name(request));
      const entry = {
        request,
        ack: () => {
          this.inFlight.splice(this.inFlight.indexOf(entry), 1);
          this.written.push(...request);
          resolve();
        },
        fail: (err: unknown) => {
          this.inFlight.splice(this.inFlight.indexOf(entry), 1);
          reject(err);
        },
      };
      this.inFlight.push(entry);
    });

  find(n: string) {
    const e = this.inFlight.find((f) => name(f.request) === n);
    if (!e) throw new Error(`${n} is not in flight; in flight: ${this.inFlight.map((f) => name(f.request)).join(' ')}`);
    return e;
  }
}

const rec = (partition: number, i: number): OutgoingRecord => ({ topic: 't', partition, value: `p${partition}-${i}` });
/** A request's name: its first record's value. */
const name = (request: OutgoingRecord[]) => String(request[0]!.value);
/** Lane l: partition l, `requests` requests of 2 records. */
const lanes = (count: number, requests: number): SendLane[] =>
  Array.from({ length: count }, (_, l) => Array.from({ length: requests }, (_, k) => [rec(l, 2 * k), rec(l, 2 * k + 1)]));
/** Lets every promise callback that can run, run (no time passes). */
const settle = () => new Promise<void>((r) => setImmediate(r));

function track<T>(p: Promise<T>) {
  const state: { done: boolean; error?: unknown } = { done: false };
  p.then(
    () => (state.done = true),
    (err: unknown) => {
      state.done = true;
      state.error = err;
    },
  );
  return state;
}

describe('sendLanes', () => {
  it("keeps one request per lane in flight, starts a lane's next one only when the previous is acknowledged, and completes only when all are", async () => {
    const broker = new FakeBroker();
    const batch = track(sendLanes(lanes(3, 2), broker.send, 'batch 0'));
    await settle();
    expect(broker.inFlight.map((f) => name(f.request))).toEqual(['p0-0', 'p1-0', 'p2-0']);
    // Acknowledged out of order: the last lane first.
    broker.find('p2-0').ack();
    await settle();
    expect(broker.started).toEqual(['p0-0', 'p1-0', 'p2-0', 'p2-2']);
    broker.find('p0-0').ack();
    broker.find('p2-2').ack();
    await settle();
    expect(broker.inFlight.map((f) => name(f.request)).sort()).toEqual(['p0-2', 'p1-0']);
    broker.find('p0-2').ack();
    broker.find('p1-0').ack();
    await settle();
    expect(batch.done).toBe(false);
    broker.find('p1-2').ack();
    await settle();
    expect(batch).toEqual({ done: true });
    // Each partition's records were written in order.
    for (const p of [0, 1, 2]) expect(broker.written.filter((r) => r.partition === p).map((r) => r.value)).toEqual([0, 1, 2, 3].map((i) => `p${p}-${i}`));
  });

  it('fails the batch on a failed request only after the requests in flight beside it settled, and starts no other request', async () => {
    const broker = new FakeBroker();
    const batch = track(sendLanes(lanes(3, 3), broker.send, 'batch 7'));
    await settle();
    broker.find('p0-0').ack();
    await settle();
    const tooLarge = new StreamlabError('KAFKA_RECORD_TOO_LARGE', 'a record is larger than max.message.bytes', { value: 2_000_000 });
    broker.find('p1-0').fail(tooLarge);
    await settle();
    // p0-2 and p2-0 are still in flight: the batch has not failed yet, and nothing new started.
    expect(batch.done).toBe(false);
    expect(broker.inFlight.map((f) => name(f.request)).sort()).toEqual(['p0-2', 'p2-0']);
    broker.find('p0-2').ack();
    await settle();
    expect(batch.done).toBe(false);
    broker.find('p2-0').ack();
    await settle();
    expect(broker.started).toEqual(['p0-0', 'p1-0', 'p2-0', 'p0-2']);
    expect(batch.done).toBe(true);
    const err = batch.error as StreamlabError;
    expect(err).toMatchObject({ code: 'KAFKA_SINK_SEND_FAILED', value: 't:1', cause: tooLarge });
    expect(err.message).toContain(
      'batch 7: a produce request of 2 records to t:1 failed (3 of 9 requests acknowledged): KAFKA_RECORD_TOO_LARGE: a record is larger',
    );
    // The exactly-once sink retries a batch unless its error (or the error's cause) cannot succeed again.
    expect(isNonRetriableKafkaError(err)).toBe(true);
    expect(isNonRetriableKafkaError(new StreamlabError('KAFKA_SINK_SEND_FAILED', 'x', { cause: new Error('connection reset') }))).toBe(false);
  });

  it('resolves at once with no lanes', async () => {
    await expect(sendLanes([], () => Promise.reject(new Error('no request expected')), 'batch 0')).resolves.toBeUndefined();
  });
});
