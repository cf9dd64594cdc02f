/**
 * Sends a batch's planned requests (`planRequests`) one after the other: the next once the
 * previous is acknowledged, so a partition's records land in their order.
 *
 * Completion rules, which the Kafka sink's commit relies on:
 * - it resolves only when every request of the batch is acknowledged;
 * - the first request that fails (after the client's own retries) fails the batch, and no later
 *   request is sent: the query fails and, restarted, writes the batch again (at least once), or the
 *   exactly-once sink aborts its transaction and retries it;
 * - the error says which request failed and how many were acknowledged, with the failure as its
 *   `cause` (a non-retriable Kafka error stays recognisable: `isNonRetriableKafkaError`).
 *
 * Not several requests in flight: kafkajs's idempotent producer sends one request per broker at a
 * time anyway, and keeping up to 5 queued cost CPU and gained no time on the peers bench
 * (BENCHMARKS.md, peers: "The Kafka sink's produce requests").
 */
import { StreamlabError } from '@streamlab/core';
import type { OutgoingRecord } from '../port.js';

/**
 * @example
 * await sendRequests(planRequests(records, planOptions), (request) => producer.send(request), 'batch 7');
 */
export async function sendRequests(requests: readonly OutgoingRecord[][], send: (request: OutgoingRecord[]) => Promise<unknown>, what: string): Promise<void> {
  for (let k = 0; k < requests.length; k++) {
    const request = requests[k]!;
    try {
      await send(request);
    } catch (err) {
      const cause = err as { code?: unknown; message?: unknown; retriable?: unknown };
      const code = typeof cause?.code === 'string' ? `${cause.code}: ` : '';
      throw new StreamlabError(
        'KAFKA_SINK_SEND_FAILED',
        `${what}: produce request ${k + 1} of ${requests.length} (${request.length} records to ${partitionsOf(request)}) failed: ${code}${String(cause?.message ?? err)}`,
        {
          value: partitionsOf(request),
          cause: err,
          retriable: cause?.retriable === true,
          hint: 'the batch is not committed: the query fails and, restarted, writes the batch again (at least once; exactly-once aborts its transaction first)',
        },
      );
    }
  }
}

/** `topic:p,q` of a request's records, for the error. */
function partitionsOf(request: readonly OutgoingRecord[]): string {
  const seen = new Map<string, Set<number>>();
  for (const r of request) {
    let ps = seen.get(r.topic);
    if (!ps) seen.set(r.topic, (ps = new Set()));
    ps.add(r.partition ?? -1);
  }
  return [...seen].map(([t, ps]) => `${t}:${[...ps].sort((a, b) => a - b).join(',')}`).join(' ');
}
