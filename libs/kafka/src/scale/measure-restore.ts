/**
 * Measures a scale-out task's restore: how long a new owner takes to read `--rows` state rows back
 * from its changelog (the number behind "restore time per million state rows"). A query counting
 * per key (update mode, no watermark: every key stays in state) reads `--rows` distinct keys from
 * a 1-partition topic in one instance; the instance stops, a second one starts and restores.
 *
 *   node --conditions=development --import tsx libs/kafka/src/scale/measure-restore.ts --rows 200000
 *
 * On the broker in KAFKA_BROKERS, else on the embedded broker. Prints one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { count, Stream } from '@streamlab/core';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import type { KafkaClient, OutgoingRecord } from '../port.js';
import type { RestoreStats } from './task.js';
import { scaleOut } from './scale-out.js';
import type { ScaleOutInstance } from './instance.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const rows = Number(values.rows);
const brokers = process.env['KAFKA_BROKERS'];
const client: KafkaClient = brokers ? createKafkajsClient({ brokers }) : createEmbeddedKafka({ broker: new EmbeddedBroker() });
const id = randomBytes(4).toString('hex');
const [input, output, app] = [`restore-in-${id}`, `restore-out-${id}`, `restore-app-${id}`];
await client.admin.createTopics([{ topic: input, partitions: 1 }]);
const producer = client.producer({ idempotent: true });
for (let from = 0; from < rows; from += 20_000) {
  const batch: OutgoingRecord[] = [];
  for (let i = from; i < Math.min(rows, from + 20_000); i++) batch.push({ topic: input, partition: 0, value: `k${i}` });
  await producer.send(batch);
}
const query = scaleOut({
  applicationId: app,
  client,
  topics: input,
  outputMode: 'update',
  repartition: 'manual', // one partition: nothing to move
  query: (task) =>
    Stream.fromSource(task.kafkaSource({ topic: input, startingOffsets: 'earliest', maxOffsetsPerTrigger: 50_000 }))
      .map((r) => ({ key: r.value!.toString() }))
      .groupBy('key')
      .agg({ n: count() }),
  output: { topic: output, toRecord: (r) => ({ key: r.key, value: String(r.n) }) },
});
const caughtUp = (instance: ScaleOutInstance) =>
  new Promise<void>((resolve) => {
    instance.on('progress', ({ progress }) => {
      const end = (progress.sources[0]?.endOffset as Record<string, Record<string, number>> | null)?.[input]?.['0'];
      if (end === rows) resolve();
    });
  });
const first = await query.start();
await caughtUp(first);
await first.stop();
const second = await query.start();
const restored = await new Promise<RestoreStats>((resolve) => second.on('restored', resolve));
await second.stop();
await client.close();
console.log(
  JSON.stringify({
    broker: brokers ? 'kafka' : 'embedded',
    stateRows: rows,
    restoredRecords: restored.rows,
    restoreMs: restored.durationMs,
    rowsPerSecond: restored.rowsPerSecond,
    msPerMillionRows: Math.round((restored.durationMs * 1_000_000) / restored.rows),
    loadavg: loadavg().map((l) => l.toFixed(1)),
    cpus: cpus().length,
  }),
);
process.exit(0);
