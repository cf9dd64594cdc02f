import { StreamlabError } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { OutgoingRecord } from '../port.js';
import { isNonRetriableKafkaError } from '../retriable.js';
import { sendRequests } from './send-requests.js';

/** A fake produce path: every request waits until the test acknowledges or fails it. */
class FakeBroker {
  readonly inFlight: { request: OutgoingRecord[]; ack(): void; fail(err: unknown): void }[] = [];
  readonly started: string[] = [];

  send = (request: OutgoingRecord[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.started.push(String(request[0]!.value));
      const entry = {
        request,
        ack: () => {
          this.inFlight.splice(this.inFlight.indexOf(entry), 1);
          resolve();
        },
        fail: (err: unknown) => {
          this.inFlight.splice(this.inFlight.indexOf(entry), 1);
          reject(err);
        },
      };
      this.inFlight.push(entry);
    });
}

/** Request k: two records of partition k % 3, named by their first value. */
const requests = (n: number): OutgoingRecord[][] =>
  Array.from({ length: n }, (_, k) => [0, 1].map((i): OutgoingRecord => ({ topic: 't', partition: k % 3, value: `r${k}-${i}` })));
/** Lets every promise callback that can run, run (no time passes). */
const settle = () => new Promise<void>((r) => setImmediate(r));

function track(p: Promise<unknown>) {
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

describe('sendRequests', () => {
  it('sends the next request only once the previous is acknowledged, and completes only when the last is', async () => {
    const broker = new FakeBroker();
    const batch = track(sendRequests(requests(3), broker.send, 'batch 0'));
    for (const k of [0, 1, 2]) {
      await settle();
      expect(broker.inFlight.map((f) => String(f.request[0]!.value))).toEqual([`r${k}-0`]);
      expect(batch.done).toBe(false);
      broker.inFlight[0]!.ack();
    }
    await settle();
    expect(batch).toEqual({ done: true });
    expect(broker.started).toEqual(['r0-0', 'r1-0', 'r2-0']);
  });

  it('fails the batch on a failed request, sends nothing after it, and says which request failed', async () => {
    const broker = new FakeBroker();
    const batch = track(sendRequests(requests(5), broker.send, 'batch 7'));
    await settle();
    broker.inFlight[0]!.ack();
    await settle();
    const tooLarge = new StreamlabError('KAFKA_RECORD_TOO_LARGE', 'a record is larger than max.message.bytes', { value: 2_000_000 });
    broker.inFlight[0]!.fail(tooLarge);
    await settle();
    expect(broker.started).toEqual(['r0-0', 'r1-0']);
    expect(broker.inFlight).toEqual([]);
    const err = batch.error as StreamlabError;
    expect(err).toMatchObject({ code: 'KAFKA_SINK_SEND_FAILED', value: 't:1', cause: tooLarge });
    expect(err.message).toContain('batch 7: produce request 2 of 5 (2 records to t:1) failed: KAFKA_RECORD_TOO_LARGE: a record is larger');
    // The exactly-once sink retries a batch unless its error (or the error's cause) cannot succeed again.
    expect(isNonRetriableKafkaError(err)).toBe(true);
    expect(isNonRetriableKafkaError(new StreamlabError('KAFKA_SINK_SEND_FAILED', 'x', { cause: new Error('connection reset') }))).toBe(false);
  });

  it('resolves at once with no requests', async () => {
    await expect(sendRequests([], () => Promise.reject(new Error('no request expected')), 'batch 0')).resolves.toBeUndefined();
  });
});
