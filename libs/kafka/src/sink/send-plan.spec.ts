import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../embedded/murmur2.js';
import type { OutgoingRecord } from '../port.js';
import { estimatedBytes, planSends, type SendLane } from './send-plan.js';

const COUNTS: Record<string, number> = { a: 6, b: 3 };
const opts = (lanes: number, batchBytes = 1 << 20) => ({ lanes, batchBytes, partitionCount: (t: string) => COUNTS[t] ?? 0, roundRobin: { next: 0 } });
const where = (r: OutgoingRecord) => `${r.topic}:${r.partition}`;

/** Each partition's records as the lanes send them: a lane's requests one after the other. */
function sentPerPartition(lanes: SendLane[]): Map<string, { lane: number; records: OutgoingRecord[] }> {
  const out = new Map<string, { lane: number; records: OutgoingRecord[] }>();
  lanes.forEach((lane, l) =>
    lane.flat().forEach((r) => {
      let p = out.get(where(r));
      if (!p) out.set(where(r), (p = { lane: l, records: [] }));
      expect(p.lane, `partition ${where(r)} in two lanes`).toBe(l);
      p.records.push(r);
    }),
  );
  return out;
}

const record = fc.record({
  topic: fc.constantFrom('a', 'b', 'unknown'),
  key: fc.option(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'), { nil: null }),
  partition: fc.option(fc.nat(2), { nil: undefined }),
  value: fc.string({ maxLength: 40 }),
});

describe('planSends', () => {
  it('sends every record once, each partition (and so each key) in one lane and in the order of the batch', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 }), (input, lanes, batchBytes) => {
        const records: OutgoingRecord[] = input.map((r, i) => ({
          ...r,
          value: `${i}:${r.value}`,
          ...(r.partition === undefined ? {} : { partition: r.partition }),
        }));
        const plan = planSends(records, opts(lanes, batchBytes));
        expect(plan.length).toBeLessThanOrEqual(lanes);
        expect(plan.flat(2).length).toBe(records.length);
        expect(new Set(plan.flat(2)).size).toBe(records.length);
        for (const [p, sent] of sentPerPartition(plan)) expect(sent.records, p).toEqual(records.filter((r) => where(r) === p));
        // Records of one key keep their order too (a key has one partition per topic).
        for (const key of ['k1', 'k2', 'k3']) {
          const order = (rs: OutgoingRecord[]) => rs.filter((r) => r.topic === 'a' && r.key === key && r.partition === partitionForKey(Buffer.from(key), 6));
          expect(order(plan.flat(2)).map((r) => r.value)).toEqual(order(records).map((r) => r.value));
        }
      }),
    );
  });

  it("puts a keyed record where Kafka's default partitioner does, keeps a given partition, and deals unkeyed records round-robin across batches", () => {
    const keyed: OutgoingRecord = { topic: 'a', key: 'card-42', value: 'v' };
    const pinned: OutgoingRecord = { topic: 'a', key: 'card-42', value: 'v', partition: 5 };
    const o = opts(5);
    planSends([keyed, pinned], o);
    expect(keyed.partition).toBe(partitionForKey(Buffer.from('card-42'), 6));
    expect(pinned.partition).toBe(5);
    const unkeyed = Array.from({ length: 4 }, (): OutgoingRecord => ({ topic: 'b', value: 'v' }));
    planSends(unkeyed.slice(0, 2), o);
    planSends(unkeyed.slice(2), o);
    expect(unkeyed.map((r) => r.partition)).toEqual([0, 1, 2, 0]);
  });

  it('sends a topic of unknown partitions in one lane, in order, and leaves partitioning to the client', () => {
    const records = Array.from({ length: 10 }, (_, i): OutgoingRecord => ({ topic: 'unknown', key: `k${i}`, value: String(i) }));
    const plan = planSends(records, opts(5, 40));
    expect(plan).toHaveLength(1);
    expect(plan[0]!.flat()).toEqual(records);
    expect(records.every((r) => r.partition === undefined)).toBe(true);
  });

  it('holds at most batchBytes of a partition per request (a larger record alone) and uses up to `lanes` lanes, balanced', () => {
    const records = Array.from({ length: 600 }, (_, i): OutgoingRecord => ({ topic: 'a', value: 'x'.repeat(i === 7 ? 500 : 20), partition: i % 6 }));
    const plan = planSends(records, opts(4, 100));
    expect(plan).toHaveLength(4);
    // 6 equal partitions on 4 lanes: two lanes of 2 partitions, two of 1.
    expect(plan.map((lane) => new Set(lane.flat().map(where)).size).sort()).toEqual([1, 1, 2, 2]);
    for (const request of plan.flat()) {
      const perPartition = new Map<string, OutgoingRecord[]>();
      for (const r of request) perPartition.set(where(r), [...(perPartition.get(where(r)) ?? []), r]);
      for (const rs of perPartition.values()) if (rs.length > 1) expect(rs.reduce((n, r) => n + estimatedBytes(r), 0)).toBeLessThanOrEqual(100);
    }
    expect(
      plan
        .flat()
        .find((request) => request.includes(records[7]!))!
        .filter((r) => r.partition === 1),
    ).toEqual([records[7]]);
  });

  it('plans nothing for no records, and one lane when asked for one', () => {
    expect(planSends([], opts(5))).toEqual([]);
    const records = Array.from({ length: 12 }, (_, i): OutgoingRecord => ({ topic: 'a', value: 'v', partition: i % 6 }));
    expect(planSends(records, opts(1))).toHaveLength(1);
  });
});
