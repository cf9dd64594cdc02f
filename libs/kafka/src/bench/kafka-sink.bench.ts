/**
 * The Kafka sink alone on the real broker (KAFKA_BROKERS, else a local broker is started): batches
 * of the peers bench's dedup output (33,333 rows `{ id, ts }` keyed by id, a third of a 100,000-record
 * input batch) to a 6-partition topic, at-least-once, by request size (`kafka.batch.size`).
 * Baseline, in the same run: the rows made records as the sink does (`toOutgoing`), the whole batch
 * in one `producer.send` of the port, which the kafkajs adapter sends in 768 KB requests one after
 * the other: the sink before issue 19. The writers take turns, batch by batch, so the machine's load
 * falls on all of them alike; the figures are medians of process CPU (what the request size
 * changes) and wall time per batch. BENCH_EVENTS scales the rows per writer (default 500,000: 15 batches).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Logger } from '@streamlab/core';
import { startLocalBroker, type LocalBroker } from '../broker/local-broker.js';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import type { KafkaClient, OutgoingRecord } from '../port.js';
import { kafkaSink } from '../sink/kafka-sink.js';
import { toOutgoing } from '../sink/sink-record.js';
import { testBatchInfo } from '../testing/sink-contract.js';
import { uniqueName } from '../testing/kafka-test.js';
import { peakRssMb } from './pipeline-workload.js';

const ROWS = 33_333;
const BATCHES = Math.max(3, Math.round(Number(process.env['BENCH_EVENTS'] ?? 500_000) / ROWS));
const PARTITIONS = 6;
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

interface Row {
  id: number;
  ts: number;
}

/** One way of writing a batch: `write` resolves when Kafka acknowledged all of it. */
interface Writer {
  name: string;
  write(rows: Row[], batchId: number): Promise<void>;
  close(): Promise<void>;
}

async function sinkWriter(client: KafkaClient, batchBytes: number): Promise<Writer> {
  const topic = uniqueName('bench-sink');
  await client.admin.createTopics([{ topic, partitions: PARTITIONS }]);
  const sink = kafkaSink<Row>({
    client,
    topic,
    'kafka.batch.size': batchBytes,
    toRecord: (e) => ({ key: String(e.id), value: { id: e.id, ts: e.ts } }),
  });
  await sink.open({ queryId: 'bench', runId: 'bench', queryName: 'bench-sink', outputMode: 'append', logger: silent });
  return {
    name: `kafka.sink.dedup-output.batch-${batchBytes / 1024}k`,
    write: (rows, batchId) => sink.addBatch(rows, testBatchInfo(batchId)),
    close: () => sink.close(),
  };
}

/** The sink before issue 19: the whole batch in one send of the port (the adapter's 768 KB requests, one by one). */
async function oneSend(client: KafkaClient): Promise<Writer> {
  const topic = uniqueName('bench-sink');
  await client.admin.createTopics([{ topic, partitions: PARTITIONS }]);
  const producer = client.producer({ idempotent: true });
  return {
    name: 'baseline',
    write: async (rows) => {
      const records: OutgoingRecord[] = rows.map((e) => toOutgoing({ key: String(e.id), value: { id: e.id, ts: e.ts } }, topic));
      await producer.send(records);
    },
    close: () => producer.close(),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let broker: LocalBroker | undefined;
const brokers = process.env['KAFKA_BROKERS'] || (broker = await startLocalBroker()).brokers;
try {
  const client = createKafkajsClient({ brokers });
  const writers = [
    await oneSend(client),
    await sinkWriter(client, 16 * 1024),
    await sinkWriter(client, 32 * 1024),
    await sinkWriter(client, 64 * 1024),
    await sinkWriter(client, 128 * 1024),
  ];
  const cpuMs = writers.map((): number[] => []);
  const wallMs = writers.map((): number[] => []);
  let id = 0;
  // One batch of warm-up per writer (JIT, connections, metadata), then BATCHES timed ones each.
  for (let b = 0; b <= BATCHES; b++) {
    for (let w = 0; w < writers.length; w++) {
      const rows = Array.from({ length: ROWS }, () => ({ id: 3 * id++, ts: 1_765_000_000_000 + 10 * id }));
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await writers[w]!.write(rows, b);
      const c = process.cpuUsage(c0);
      if (b === 0) continue;
      cpuMs[w]!.push((c.user + c.system) / 1000);
      wallMs[w]!.push(performance.now() - t0);
    }
  }
  for (const w of writers) await w.close();
  await client.close();
  const [baseCpu, baseWall] = [median(cpuMs[0]!), median(wallMs[0]!)];
  process.stdout.write(
    `baseline (one send, 768 KB requests one by one): ${((1000 * baseCpu) / ROWS).toFixed(1)} CPU µs per row, ${baseWall.toFixed(0)} ms per batch of ${ROWS}\n`,
  );
  writers.forEach((w, i) => {
    if (i === 0) return;
    const [cpu, wall] = [median(cpuMs[i]!), median(wallMs[i]!)];
    const fields = {
      workload: w.name,
      records: ROWS * BATCHES,
      cpuUsPerRow: Math.round((10_000 * cpu) / ROWS) / 10,
      baselineCpuUsPerRow: Math.round((10_000 * baseCpu) / ROWS) / 10,
      wallMsPerBatch: Math.round(wall),
      baselineWallMsPerBatch: Math.round(baseWall),
      // > 1: faster than the baseline (records per second, from the median batch).
      ratio: Math.round((baseWall / wall) * 100) / 100,
      cpuRatio: Math.round((cpu / baseCpu) * 100) / 100,
      peakRssMb: peakRssMb(),
      load1: Math.round(loadavg()[0]! * 10) / 10,
      target: 'batch-32k (the default): cpuRatio < 1, ratio >= 1',
    };
    process.stdout.write(`${JSON.stringify(fields)}\n`);
  });
} finally {
  await broker?.stop();
}
