/**
 * Who owns which partitions, for a dashboard: every instance of a scale-out application reports its
 * `status()` to a small topic, `<applicationId>-status` (one partition, keyed by instance), every
 * `intervalMs` and at once on each assignment, restore and stop; a last report with
 * `state: 'stopped'` when it stops. A reader (a dashboard's query) keeps the newest report per
 * instance. A killed instance stops reporting: its last report keeps an older `generation` once
 * the group has rebalanced without it, which is how a view tells it is gone (see
 * `@streamlab/live/browser`'s `ownershipPanel`).
 */
import { hostname } from 'node:os';
import type { Logger } from '@streamlab/core';
import { z } from 'zod';
import type { KafkaClient, KafkaProducer } from '../port.js';
import type { ScaleOutInstance } from './instance.js';

/** One report (the record's value, JSON; its key is `instance`). */
export interface InstanceReport {
  applicationId: string;
  /** The instance's name, unique in the application (default `<host>-<pid>`). */
  instance: string;
  host: string;
  pid: number;
  memberId: string;
  /** The group generation of the assignment this instance last received. */
  generation: number;
  /** Tasks (input partitions) the group assigned here. */
  assigned: number[];
  /** Tasks running here now (restored and processing). */
  running: number[];
  /** Running tasks' last batch ids, `task:batchId` (`-` before the first batch). */
  batches: string;
  /** The minimum watermark over the running tasks (epoch ms), `null` before one. */
  watermarkMs: number | null;
  /** State rows restored so far by this instance's tasks (their changelog records read). */
  restoredRows: number;
  state: 'running' | 'stopped';
  /** Epoch ms of the report (the instance's clock). */
  reportedAt: number;
}

/**
 * The schema of a report, for a reader (`decodeJson(instanceReportSchema)`).
 *
 * @example
 * kafkaSource({ client, subscribe: statusTopic('fraud-detection'), decode: decodeJson(instanceReportSchema) });
 */
export const instanceReportSchema = z.object({
  applicationId: z.string(),
  instance: z.string(),
  host: z.string(),
  pid: z.number().int(),
  memberId: z.string(),
  generation: z.number().int(),
  assigned: z.array(z.number().int()),
  running: z.array(z.number().int()),
  batches: z.string(),
  watermarkMs: z.number().nullable(),
  restoredRows: z.number().int(),
  state: z.enum(['running', 'stopped']),
  reportedAt: z.number(),
}) satisfies z.ZodType<InstanceReport>;

/**
 * The status topic of an application.
 *
 * @example
 * statusTopic('fraud-detection'); // 'fraud-detection-status'
 */
export function statusTopic(applicationId: string): string {
  return `${applicationId}-status`;
}

export interface ReportStatusOptions {
  client: KafkaClient;
  /** Default `statusTopic(instance.applicationId)`. */
  topic?: string;
  /** Default `<host>-<pid>`. */
  name?: string;
  /** Default 1000. */
  intervalMs?: number;
  logger?: Logger;
  /** Epoch ms (default `Date.now`). */
  now?: () => number;
}

/**
 * Reports `instance`'s ownership to the status topic (created if missing) until `stop()`.
 *
 * @example
 * const instance = await app.start();
 * const reporter = await reportStatus(instance, { client });
 * process.once('SIGTERM', async () => { await instance.stop(); await reporter.stop(); });
 */
export async function reportStatus(instance: ScaleOutInstance, opts: ReportStatusOptions): Promise<{ stop(): Promise<void> }> {
  const topic = opts.topic ?? statusTopic(instance.applicationId);
  const name = opts.name ?? `${hostname()}-${process.pid}`;
  const now = opts.now ?? Date.now;
  await opts.client.admin.createTopics([{ topic, partitions: 1, configs: { 'cleanup.policy': 'compact,delete', 'retention.ms': String(3_600_000) } }]);
  const producer: KafkaProducer = opts.client.producer();
  let restoredRows = 0;
  let sending: Promise<void> = Promise.resolve();
  let again = false;
  let stopped = false;

  const report = (state: InstanceReport['state']): InstanceReport => {
    const s = instance.status();
    return {
      applicationId: instance.applicationId,
      instance: name,
      host: hostname(),
      pid: process.pid,
      memberId: s.memberId,
      generation: s.generation,
      assigned: s.assigned,
      running: state === 'stopped' ? [] : s.tasks.map((t) => t.task),
      batches: s.tasks.map((t) => `${t.task}:${t.batchId ?? '-'}`).join(' '),
      watermarkMs: s.watermarkMs,
      restoredRows,
      state,
      reportedAt: now(),
    };
  };
  /** Sends now, or once more after the send in flight (reports never overtake each other). */
  const send = (state: InstanceReport['state'] = 'running'): Promise<void> => {
    if (again) return sending;
    again = true;
    sending = sending.then(async () => {
      again = false;
      try {
        await producer.send([{ topic, key: name, value: JSON.stringify(report(state)) }]);
      } catch (err) {
        opts.logger?.warn({ err, topic }, 'status report not sent');
      }
    });
    return sending;
  };
  const onChange = () => {
    if (!stopped) void send();
  };
  const onRestored = (r: { rows: number }) => {
    restoredRows += r.rows;
    onChange();
  };
  instance.on('assigned', onChange);
  instance.on('restored', onRestored);
  instance.on('stopped', onChange);
  const timer = setInterval(onChange, opts.intervalMs ?? 1000);
  timer.unref();
  await send();
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      instance.off('assigned', onChange);
      instance.off('restored', onRestored);
      instance.off('stopped', onChange);
      await sending;
      await send('stopped');
      await producer.close().catch(() => undefined);
    },
  };
}
