/**
 * One instance of the scale bench's query (`scale.bench.ts` spawns it): the integration specs'
 * instance (`testing/scale-instance.ts`: a 10-second windowed count per key, append mode,
 * exactly-once to SCALE_OUTPUT), with at most SCALE_MAX_PER_TRIGGER records per partition and
 * batch (default 5,000), so a task over a full topic runs bounded batches and its process keeps
 * heartbeating. Same env and the same stdout lines (`restored`, `batch`, `stopped`).
 */
import { pino } from 'pino';
import { count, Stream, window, type Logger } from '@streamlab/core';
import { z } from 'zod';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { scaleOut } from '../scale/scale-out.js';
import { decodeJson } from '../source/decode.js';

// as testing/scale-instance.ts (not imported: that module starts an instance when SCALE_APP is set)
const ScaleEvent = z.object({ key: z.string(), ts: z.number() });
const SCALE_WINDOW_MS = 10_000;
const SCALE_DELAY_MS = 5_000;

const Env = z.object({
  SCALE_APP: z.string().min(1),
  SCALE_INPUT: z.string().min(1),
  SCALE_OUTPUT: z.string().min(1),
  KAFKA_BROKERS: z.string().min(1),
  SCALE_MAX_PER_TRIGGER: z.coerce.number().int().positive().default(5_000),
});
const env = Env.parse(process.env);
const logger = pino({ level: 'warn' }, pino.destination(2)) as unknown as Logger;
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
        maxOffsetsPerTrigger: env.SCALE_MAX_PER_TRIGGER,
        decode: decodeJson(ScaleEvent),
      }),
    )
      .withWatermark('ts', SCALE_DELAY_MS)
      .groupBy(window('ts', SCALE_WINDOW_MS), 'key')
      .agg({ n: count() }),
  output: { topic: env.SCALE_OUTPUT, toRecord: (r) => ({ key: `${r.key}|${r.window.start}`, value: { key: r.key, start: r.window.start, n: r.n } }) },
  logger,
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
});
const out = (line: string) => process.stdout.write(`${line}\n`);
const instance = await app.start();
for (const r of instance.status().tasks) out(`restored ${r.task} ${r.restore.rows} ${r.restore.durationMs}`);
instance.on('restored', (r) => out(`restored ${r.task} ${r.rows} ${r.durationMs}`));
instance.on('progress', ({ task, progress }) => out(`batch ${task} ${progress.batchId} ${progress.numInputRows}`));
instance.on('stopped', (s) => out(`stopped ${s.task} ${s.reason}`));
process.stdout.on('error', () => undefined); // the bench went away: SIGTERM follows
process.once('SIGTERM', () => {
  void instance
    .stop()
    .then(() => client.close())
    .then(() => process.exit(0));
});
