import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../embedded/murmur2.js';
import type { OutgoingRecord } from '../port.js';
import { estimatedBytes, planRequests } from './send-plan.js';

const COUNTS: Record<string, number> = { a: 6, b: 3 };
const opts = (batchBytes = 1 << 20) => ({ batchBytes, partitionCount: (t: string) => COUNTS[t] ?? 0, roundRobin: { next: 0 } });
const where = (r: OutgoingRecord) => `${r.topic}:${r.partition}`;

const record = fc.record({
  topic: fc.constantFrom('a', 'b', 'unknown'),
  key: fc.option(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'), { nil: null }),
  partition: fc.option(fc.nat(2), { nil: undefined }),
  value: fc.string({ maxLength: 40 }),
});

describe('planRequests', () => {
  it('sends every record once, each partition (and so each key) in the order of the batch across the requests', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), fc.integer({ min: 1, max: 300 }), (input, batchBytes) => {
        const records: OutgoingRecord[] = input.map((r, i) => ({
          ...r,
          value: `${i}:${r.value}`,
          ...(r.partition === undefined ? {} : { partition: r.partition }),
        }));
        const sent = planRequests(records, opts(batchBytes)).flat();
        expect(sent.length).toBe(records.length);
        expect(new Set(sent).size).toBe(records.length);
        for (const p of new Set(records.map(where)))
          expect(
            sent.filter((r) => where(r) === p),
            p,
          ).toEqual(records.filter((r) => where(r) === p));
        for (const key of ['k1', 'k2', 'k3']) {
          const ofKey = (rs: OutgoingRecord[]) => rs.filter((r) => r.topic === 'a' && r.key === key && r.partition === partitionForKey(Buffer.from(key), 6));
          expect(ofKey(sent).map((r) => r.value)).toEqual(ofKey(records).map((r) => r.value));
        }
      }),
    );
  });

  it("puts a keyed record where Kafka's default partitioner does, keeps a given partition, and deals unkeyed records round-robin across batches", () => {
    const keyed: OutgoingRecord = { topic: 'a', key: 'card-42', value: 'v' };
    const pinned: OutgoingRecord = { topic: 'a', key: 'card-42', value: 'v', partition: 5 };
    const o = opts();
    planRequests([keyed, pinned], o);
    expect(keyed.partition).toBe(partitionForKey(Buffer.from('card-42'), 6));
    expect(pinned.partition).toBe(5);
    const unkeyed = Array.from({ length: 4 }, (): OutgoingRecord => ({ topic: 'b', value: 'v' }));
    planRequests(unkeyed.slice(0, 2), o);
    planRequests(unkeyed.slice(2), o);
    expect(unkeyed.map((r) => r.partition)).toEqual([0, 1, 2, 0]);
  });

  it('leaves the records of a topic of unknown partitions in order and to the client to partition', () => {
    const records = Array.from({ length: 10 }, (_, i): OutgoingRecord => ({ topic: 'unknown', key: `k${i}`, value: String(i) }));
    expect(planRequests(records, opts(40)).flat()).toEqual(records);
    expect(records.every((r) => r.partition === undefined)).toBe(true);
  });

  it('holds at most batchBytes of each partition per request (a larger record alone), every partition with records left in each', () => {
    const records = Array.from({ length: 600 }, (_, i): OutgoingRecord => ({ topic: 'a', value: 'x'.repeat(i === 7 ? 500 : 20), partition: i % 6 }));
    const requests = planRequests(records, opts(100));
    // 100 records of 36 estimated bytes per partition, 2 per request: 50 requests, each with all 6 partitions.
    expect(estimatedBytes(records[0]!)).toBe(36);
    expect(requests.length).toBeGreaterThanOrEqual(50);
    expect(new Set(requests[0]!.map(where)).size).toBe(6);
    for (const request of requests) {
      const perPartition = new Map<string, OutgoingRecord[]>();
      for (const r of request) perPartition.set(where(r), [...(perPartition.get(where(r)) ?? []), r]);
      for (const rs of perPartition.values()) if (rs.length > 1) expect(rs.reduce((n, r) => n + estimatedBytes(r), 0)).toBeLessThanOrEqual(100);
    }
    expect(requests.find((request) => request.includes(records[7]!))!.filter((r) => r.partition === 1)).toEqual([records[7]]);
  });

  it('plans no request for no records', () => {
    expect(planRequests([], opts())).toEqual([]);
  });
});
