/**
 * How the Kafka sink splits one batch's records into produce requests that may be in flight
 * together without reordering any partition.
 *
 * Every record gets its partition first (its own `partition`; a keyed record Kafka's default
 * partitioner's `murmur2(key) % partitions`; an unkeyed one round-robin). The partitions are then
 * dealt to at most `lanes` lanes, each partition to exactly one lane, balanced by records. A lane is
 * a list of requests sent one after the other; lanes run side by side. So two requests in flight
 * together never write to the same partition, and a partition's records are sent in their order,
 * in requests that follow one another. Records of different partitions have no order in Kafka and
 * get none here.
 *
 * A request holds at most about `batchBytes` of each of its lane's partitions (the Java producer's
 * `batch.size`: one record batch per partition per request), at least one record each.
 */
import { partitionForKey } from '../embedded/murmur2.js';
import type { OutgoingRecord } from '../port.js';

/** One lane: requests to send one after the other, each a list of records in partition order. */
export type SendLane = OutgoingRecord[][];

export interface SendPlanOptions {
  /** Lanes (requests in flight together) at most; at least 1. */
  lanes: number;
  /** Estimated bytes of one partition's records in one request (at least one record). */
  batchBytes: number;
  /**
   * The partition count of a topic the batch writes to; 0 when unknown: then all of the topic's
   * records go in one lane, in order, without a partition (the client's partitioner places them).
   */
  partitionCount(topic: string): number;
  /** Round-robin position for unkeyed records without a partition; advanced by each one. */
  roundRobin: { next: number };
}

/** One partition's records of the batch, in order. */
interface PartitionQueue {
  records: OutgoingRecord[];
}

/**
 * The lanes of `records`; sets `partition` on every record that had none (so the client sends each
 * where it was planned).
 *
 * @example
 * const lanes = planSends(records, { lanes: 5, batchBytes: 64 * 1024, partitionCount: () => 6, roundRobin: { next: 0 } });
 * // lanes.length <= 5; each partition's records are in exactly one lane, in their order
 */
export function planSends(records: readonly OutgoingRecord[], opts: SendPlanOptions): SendLane[] {
  const queues = new Map<string, PartitionQueue[]>();
  const all: PartitionQueue[] = [];
  let lastTopic = '';
  let lastQueues: PartitionQueue[] = [];
  let lastCount = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.topic !== lastTopic || i === 0) {
      lastTopic = r.topic;
      let q = queues.get(r.topic);
      if (!q) queues.set(r.topic, (q = []));
      lastQueues = q;
      lastCount = opts.partitionCount(r.topic);
    }
    let p = r.partition;
    // A topic of unknown partitions: one queue, partitioned by the client.
    if (lastCount === 0) p = 0;
    else if (p === undefined) {
      const key = r.key;
      p = key === null || key === undefined ? opts.roundRobin.next++ % lastCount : partitionForKey(typeof key === 'string' ? Buffer.from(key) : key, lastCount);
      r.partition = p;
    }
    let queue = lastQueues[p];
    if (!queue) {
      lastQueues[p] = queue = { records: [] };
      all.push(queue);
    }
    queue.records.push(r);
  }
  return dealLanes(all, Math.max(1, Math.min(opts.lanes, all.length))).map((lane) => requestsOf(lane, opts.batchBytes));
}

/** Partitions to lanes, the largest first to the lane with the fewest records. */
function dealLanes(queues: PartitionQueue[], lanes: number): PartitionQueue[][] {
  const out: PartitionQueue[][] = Array.from({ length: lanes }, () => []);
  const load = new Array<number>(lanes).fill(0);
  for (const q of [...queues].sort((a, b) => b.records.length - a.records.length)) {
    let least = 0;
    for (let l = 1; l < lanes; l++) if (load[l]! < load[least]!) least = l;
    out[least]!.push(q);
    load[least]! += q.records.length;
  }
  return out.filter((l) => l.length > 0);
}

/** A lane's requests: each takes up to `batchBytes` of every partition that has records left. */
function requestsOf(lane: PartitionQueue[], batchBytes: number): OutgoingRecord[][] {
  const requests: OutgoingRecord[][] = [];
  const at = new Array<number>(lane.length).fill(0);
  for (let left = lane.length; left > 0; ) {
    const request: OutgoingRecord[] = [];
    for (let k = 0; k < lane.length; k++) {
      const records = lane[k]!.records;
      let i = at[k]!;
      if (i >= records.length) continue;
      let bytes = estimatedBytes(records[i++]!);
      for (; i < records.length; i++) {
        const b = estimatedBytes(records[i]!);
        if (bytes + b > batchBytes) break;
        bytes += b;
      }
      for (let j = at[k]!; j < i; j++) request.push(records[j]!);
      at[k] = i;
      if (i >= records.length) left--;
    }
    requests.push(request);
  }
  return requests;
}

/** A record's bytes in a batch, roughly (strings counted by length: this sizes requests, it enforces no limit). */
export function estimatedBytes(r: OutgoingRecord): number {
  let n = 16 + (r.key == null ? 0 : r.key.length) + (r.value == null ? 0 : r.value.length);
  if (r.headers) for (const h of r.headers) n += h.key.length + (h.value?.length ?? 0);
  return n;
}
