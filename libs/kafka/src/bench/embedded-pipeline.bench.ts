/**
 * Consume -> windowed count -> produce on the embedded broker, ~200-byte JSON records, 6
 * partitions, against a hand-written loop reading the same records from the same embedded log and
 * counting them. Target: >= 1M records/s. BENCH_EVENTS scales the record count (default 1,000,000).
 */
import { performance } from 'node:perf_hooks';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient } from '../port.js';
import { createAndFill, HandCount, printResult, runPipeline } from './pipeline-workload.js';

const N = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);

/** Baseline: read every partition in 100k-record slices from the embedded log, parse, count. */
async function baseline(client: KafkaClient, topic: string): Promise<number> {
  const t0 = performance.now();
  const hand = new HandCount();
  const reader = client.reader();
  for (const p of await client.admin.topicOffsets(topic)) {
    for (let from = p.low; from < p.high; from += 100_000) {
      const [records] = await reader.read([{ topic, partition: p.partition, from, until: Math.min(p.high, from + 100_000) }]);
      for (const r of records!) hand.add(r.value);
    }
  }
  return (performance.now() - t0) / 1000;
}

async function filled(n: number): Promise<KafkaClient> {
  const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  await createAndFill(client, 'in', n);
  return client;
}

// Warm-up of both paths (JIT), then the measured run.
const warm = await filled(Math.min(N, 200_000));
await baseline(warm, 'in');
await runPipeline(warm, 'in', 'out', Math.min(N, 200_000));
const client = await filled(N);
const baselineSeconds = await baseline(client, 'in');
const pipeline = await runPipeline(client, 'in', 'out', N);
printResult('kafka.consume-window-count-produce.embedded', N, pipeline, baselineSeconds, '>= 1000000 records/s');
