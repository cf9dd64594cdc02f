/**
 * One instance of the scale-out query the integration tests start, kill and scale: a 10-second
 * windowed count per key with a 5-second watermark, append mode, from SCALE_INPUT to SCALE_OUTPUT
 * (output key `<key>|<window start>`), undecodable records to `<input>-dlq`. Run as a child
 * process (`node --conditions=development --import tsx scale-instance.ts`), configured by env:
 * SCALE_APP, SCALE_INPUT, SCALE_OUTPUT, KAFKA_BROKERS, SCALE_STATE_DIR (optional: local state files) and
 * SCALE_MAX_PER_TRIGGER (optional: records per partition and batch; the scale bench bounds batches
 * over a full topic with it, so a process keeps heartbeating), SCALE_REPARTITION (optional, default
 * `manual`: the input is partitioned by key by hand; `auto`: input whose keys are spread over
 * partitions, repartitioned by key through `<app>-aggregate-0-repartition`) and SCALE_DELAY_MS
 * (optional watermark delay; after a repartition it must cover the skew between upstream tasks). Prints `assigned <tasks json>`,
 * `restored <task> <rows> <ms> <last batch> <local rows> <epoch ms>` and `batch <task> <batchId> <rows>` lines on stdout; SIGTERM stops
 * it cleanly (every task commits its running batch, then the instance leaves the group).
 */
import { pino } from 'pino';
import { count, Stream, window, type Logger } from '@streamlab/core';
import { z } from 'zod';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { scaleOut } from '../scale/scale-out.js';
import type { RestoreStats } from '../scale/task.js';
import { decodeJson } from '../source/decode.js';

export const ScaleEvent = z.object({ key: z.string(), ts: z.number() });
/** An output row (the record's value). */
export interface ScaleResult {
  key: string;
  start: number;
  n: number;
}
export const SCALE_WINDOW_MS = 10_000;
export const SCALE_DELAY_MS = 5_000;

const Env = z.object({
  SCALE_APP: z.string().min(1),
  SCALE_INPUT: z.string().min(1),
  SCALE_OUTPUT: z.string().min(1),
  KAFKA_BROKERS: z.string().min(1),
  SCALE_MAX_PER_TRIGGER: z.coerce.number().int().positive().optional(),
  SCALE_REPARTITION: z.enum(['auto', 'manual']).default('manual'),
  SCALE_DELAY_MS: z.coerce.number().int().positive().default(SCALE_DELAY_MS),
});

if (process.env['SCALE_APP']) {
  const env = Env.parse(process.env);
  const logger = pino({ level: process.env['SCALE_LOG_LEVEL'] ?? 'warn' }, pino.destination(2)) as unknown as Logger;
  const client = createKafkajsClient({ brokers: env.KAFKA_BROKERS, logger });
  const app = scaleOut({
    applicationId: env.SCALE_APP,
    client,
    topics: env.SCALE_INPUT,
    query: (task) =>
      Stream.fromSource(
        task.kafkaSource({
          topic: env.SCALE_INPUT,
          startingOffsets: 'earliest',
          decode: decodeJson(ScaleEvent),
          ...(env.SCALE_MAX_PER_TRIGGER ? { maxOffsetsPerTrigger: env.SCALE_MAX_PER_TRIGGER } : {}),
        }),
      )
        .withWatermark('ts', env.SCALE_DELAY_MS)
        .groupBy(window('ts', SCALE_WINDOW_MS), 'key')
        .agg({ n: count() }),
    output: {
      topic: env.SCALE_OUTPUT,
      toRecord: (r): { key: string; value: ScaleResult } => ({ key: `${r.key}|${r.window.start}`, value: { key: r.key, start: r.window.start, n: r.n } }),
    },
    logger,
    repartition: env.SCALE_REPARTITION,
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 500,
    ...(process.env['SCALE_STATE_DIR'] ? { stateDir: process.env['SCALE_STATE_DIR'] } : {}),
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const instance = await app.start();
  instance.on('assigned', (a) => out(`assigned ${JSON.stringify(a.tasks)}`));
  const restored = (r: RestoreStats) => out(`restored ${r.task} ${r.rows} ${r.durationMs} ${r.lastCommittedBatchId} ${r.localRows} ${Date.now()}`);
  // tasks restored while start() ran, before the listener was on
  for (const t of instance.status().tasks) restored(t.restore);
  instance.on('restored', restored);
  instance.on('progress', ({ task, progress }) => {
    const src = progress.sources[0];
    out(`batch ${task} ${progress.batchId} ${progress.numInputRows} ${JSON.stringify(src?.startOffset ?? null)} ${JSON.stringify(src?.endOffset ?? null)}`);
  });
  instance.on('stopped', (s) => out(`stopped ${s.task} ${s.reason}`));
  process.stdout.on('error', () => undefined); // the parent went away: SIGTERM follows
  process.once('SIGTERM', () => {
    void instance
      .stop()
      .then(() => client.close())
      .then(() => process.exit(0));
  });
}
