/**
 * Sends a batch's planned requests (`planSends`) with the lanes side by side: up to one request per
 * lane in flight, a lane's next request once its previous one is acknowledged.
 *
 * Completion rules, which the Kafka sink's commit relies on:
 * - it resolves only when every request of the batch is acknowledged;
 * - the first request that fails fails the batch: no lane starts another request, and the
 *   returned promise rejects only after every request already in flight has settled, so nothing
 *   of the failed batch is still being written when the caller aborts its transaction or the query
 *   fails (and, at least once, replays the batch on restart);
 * - the error says which request failed and how many were acknowledged, with the failure as its
 *   `cause` (a non-retriable Kafka error stays recognisable: `isNonRetriableKafkaError`).
 */
import { StreamlabError } from '@streamlab/core';
import type { OutgoingRecord } from '../port.js';
import type { SendLane } from './send-plan.js';

/**
 * @example
 * await sendLanes(planSends(records, planOptions), (request) => producer.send(request), 'batch 7');
 */
export async function sendLanes(lanes: readonly SendLane[], send: (request: OutgoingRecord[]) => Promise<unknown>, what: string): Promise<void> {
  let failure: { err: unknown; request: OutgoingRecord[] } | undefined;
  let acknowledged = 0;
  const requests = lanes.reduce((n, lane) => n + lane.length, 0);
  await Promise.all(
    lanes.map(async (lane) => {
      for (const request of lane) {
        if (failure) return;
        try {
          await send(request);
          acknowledged++;
        } catch (err) {
          failure ??= { err, request };
          return;
        }
      }
    }),
  );
  if (!failure) return;
  const { err, request } = failure;
  const cause = err as { code?: unknown; message?: unknown; retriable?: unknown };
  const code = typeof cause?.code === 'string' ? `${cause.code}: ` : '';
  throw new StreamlabError(
    'KAFKA_SINK_SEND_FAILED',
    `${what}: a produce request of ${request.length} records to ${partitionsOf(request)} failed (${acknowledged} of ${requests} requests acknowledged): ${code}${String(cause?.message ?? err)}`,
    {
      value: partitionsOf(request),
      cause: err,
      retriable: cause?.retriable === true,
      hint: 'the batch is not committed: the query fails and, restarted, writes the batch again (at least once; exactly-once aborts its transaction first)',
    },
  );
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
