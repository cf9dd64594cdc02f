/**
 * How the Kafka sink splits one batch's records into produce requests, sent one after the other.
 *
 * Every record gets its partition first (its own `partition`; a keyed record Kafka's default
 * partitioner's `murmur2(key) % partitions`, as kafkajs and the Java client compute it; an unkeyed
 * one round-robin). A request then takes up to about `batchBytes` of each partition that has records
 * left (the Java producer's `batch.size`: one record batch per partition per request), at least one
 * record each, in the batch's order. So a partition's records, and with them a key's, keep their
 * order across the requests.
 *
 * Why sized per partition: kafkajs groups a request's records by partition by copying the
 * partition's list for every record it adds (quadratic in a partition's records per request), and
 * pays a fixed cost per request; 32 KiB of a partition per request cost the least on the peers
 * bench's dedup output (BENCHMARKS.md, peers: "The Kafka sink's produce requests").
 */
import { partitionForKey } from '../embedded/murmur2.js';
import type { OutgoingRecord } from '../port.js';

export interface SendPlanOptions {
  /** Estimated bytes of one partition's records in one request (at least one record). */
  batchBytes: number;
  /**
   * The partition count of a topic the batch writes to; 0 when unknown: then all of the topic's
   * records go as one queue, in order, without a partition (the client's partitioner places them).
   */
  partitionCount(topic: string): number;
  /** Round-robin position for unkeyed records without a partition; advanced by each one. */
  roundRobin: { next: number };
}

/**
 * The requests of `records`, to send one after the other; sets `partition` on every record of a
 * topic of known partitions that had none (so the client sends it where it was planned).
 *
 * @example
 * const requests = planRequests(records, { batchBytes: 32 * 1024, partitionCount: () => 6, roundRobin: { next: 0 } });
 * for (const request of requests) await producer.send(request);
 */
export function planRequests(records: readonly OutgoingRecord[], opts: SendPlanOptions): OutgoingRecord[][] {
  const queues = new Map<string, OutgoingRecord[][]>();
  const all: OutgoingRecord[][] = [];
  let lastTopic = '';
  let lastQueues: OutgoingRecord[][] = [];
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
      lastQueues[p] = queue = [];
      all.push(queue);
    }
    queue.push(r);
  }
  return requestsOf(all, opts.batchBytes);
}

/** Requests that each take up to `batchBytes` of every queue that has records left. */
function requestsOf(queues: OutgoingRecord[][], batchBytes: number): OutgoingRecord[][] {
  const requests: OutgoingRecord[][] = [];
  const at = new Array<number>(queues.length).fill(0);
  for (let left = queues.length; left > 0; ) {
    const request: OutgoingRecord[] = [];
    for (let k = 0; k < queues.length; k++) {
      const records = queues[k]!;
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
