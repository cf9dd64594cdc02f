/**
 * The query the fault-injection tests kill and restart: a 1-minute windowed count per key from a
 * Kafka topic to a Kafka topic, append mode, with a checkpoint. Run as a child process (forked
 * with tsx); configured by env: FAULT_INPUT, FAULT_OUTPUT, FAULT_CHECKPOINT, FAULT_GUARANTEE,
 * FAULT_QUERY, and KAFKA_BROKERS (real broker) or STREAMLAB_KAFKA_IPC=1 (the parent's embedded
 * broker). Prints `batch <id> <rows>` per batch on stdout; SIGTERM stops it cleanly.
 */
import { pino } from 'pino';
import { count, Stream, StreamingSession, window, type Logger } from '@streamlab/core';
import { z } from 'zod';
import { createIpcKafkaClient } from '../ipc/ipc-client.js';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { kafkaSink } from '../sink/kafka-sink.js';
import { decodeJson } from '../source/decode.js';
import { kafkaSource } from '../source/kafka-source.js';

export const FaultEvent = z.object({ key: z.string(), ts: z.number(), seq: z.number() });
/** An output row of the fault query. */
export interface FaultResult {
  key: string;
  start: number;
  n: number;
}

const Env = z.object({
  FAULT_INPUT: z.string().min(1),
  FAULT_OUTPUT: z.string().min(1),
  FAULT_CHECKPOINT: z.string().min(1),
  FAULT_GUARANTEE: z.enum(['at-least-once', 'exactly-once']),
  FAULT_QUERY: z.string().min(1),
  KAFKA_BROKERS: z.string().optional(),
  STREAMLAB_KAFKA_IPC: z.string().optional(),
});

if (process.env['FAULT_INPUT']) {
  const env = Env.parse(process.env);
  const logger = pino({ level: 'warn' }, pino.destination(2)) as unknown as Logger;
  const client = env.STREAMLAB_KAFKA_IPC ? createIpcKafkaClient() : createKafkajsClient({ brokers: env.KAFKA_BROKERS ?? '', logger });
  const query = Stream.fromSource(
    kafkaSource({ client, subscribe: env.FAULT_INPUT, startingOffsets: 'earliest', maxOffsetsPerTrigger: 5000, decode: decodeJson(FaultEvent) }),
  )
    .withWatermark('ts', '10 minutes')
    .groupBy(window('ts', '1 minute'), 'key')
    .agg({ n: count() })
    .writeStream.outputMode('append')
    .option('checkpointLocation', env.FAULT_CHECKPOINT)
    .queryName(env.FAULT_QUERY)
    .sink(
      kafkaSink({
        client,
        topic: env.FAULT_OUTPUT,
        guarantee: env.FAULT_GUARANTEE,
        toRecord: (r): { key: string; value: FaultResult } => ({ key: `${r.key}|${r.window.start}`, value: { key: r.key, start: r.window.start, n: r.n } }),
      }),
    )
    .session(new StreamingSession({ logger }))
    .start();
  query.on('progress', (p) => process.stdout.write(`batch ${p.batchId} ${p.numInputRows}\n`));
  process.once('SIGTERM', () => {
    void query.stop().then(() => process.exit(0));
  });
  query.awaitTermination().catch((err: unknown) => {
    process.stderr.write(`fault query failed: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  });
}
