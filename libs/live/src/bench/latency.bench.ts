/**
 * End-to-end latency: a record's production (embedded broker) to its effect in a socket.io
 * client that applies each message to a result table (what a dashboard does before drawing).
 * Path: producer -> embedded broker -> Kafka source -> running count (update mode, 100 ms
 * processing-time trigger) -> socket.io sink -> client (another process). The count row's `n`
 * tells the client how many records are reflected, so every record's latency is exact.
 * At 1k and 10k records/s; p50/p99. Baseline in the same run: a hand-rolled loop that counts
 * the same records every 100 ms and emits on a bare namespace (no broker, no engine).
 */
import { z } from 'zod';
import { Stream, count } from '@streamlab/core';
import { EmbeddedBroker, createEmbeddedKafka, decodeJson, kafkaSource } from '@streamlab/kafka';
import { socketioSink } from '../socketio-sink.js';
import { benchServer, load1m, round, seconds, sleep, startClients } from './harness.js';

const now = () => performance.timeOrigin + performance.now();
const Rec = z.object({ k: z.string(), v: z.number() });

interface Chunk {
  cum: number;
  size: number;
  at: number;
}

function percentiles(chunks: Chunk[], seen: { n: number; t: number }[], fromCum: number): { p50: number; p99: number; max: number } {
  const lat: { ms: number; w: number }[] = [];
  let j = 0;
  for (const c of chunks) {
    if (c.cum <= fromCum) continue;
    while (j < seen.length && (seen[j] as { n: number }).n < c.cum) j++;
    const s = seen[j];
    if (!s) break;
    lat.push({ ms: s.t - c.at, w: c.size });
  }
  lat.sort((a, b) => a.ms - b.ms);
  const total = lat.reduce((a, b) => a + b.w, 0);
  const at = (q: number) => {
    let acc = 0;
    for (const l of lat) {
      acc += l.w;
      if (acc >= q * total) return round(l.ms, 1);
    }
    return Number.NaN;
  };
  return { p50: at(0.5), p99: at(0.99), max: round(lat.at(-1)?.ms ?? Number.NaN, 1) };
}

async function run(ratePerSec: number, secs: number, via: 'engine' | 'baseline') {
  const { server, hub, url } = await benchServer();
  const ns = via === 'engine' ? 'bench' : 'raw';
  const seen: { n: number; t: number }[] = [];
  const clients = await startClients({ url, namespace: ns, count: 1, mode: 'latency' });
  clients.on('seen', (m) => seen.push({ n: Number(m.n), t: Number(m.t) }));
  const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  const topic = `latency-${ratePerSec}`;
  await kafka.admin.createTopics([{ topic, partitions: 4 }]);
  const producer = kafka.producer();
  let produced = 0;
  const raw = server.transport.io.of('/raw');
  let stop = () => {};
  if (via === 'engine') {
    const query = Stream.fromSource(kafkaSource({ client: kafka, subscribe: topic, startingOffsets: 'latest', decode: decodeJson(Rec) }))
      .groupBy('k')
      .agg({ n: count() })
      .writeStream.outputMode('update')
      .trigger({ processingTime: '100 milliseconds' })
      .queryName('latency')
      .sink(socketioSink({ namespace: 'bench', hub, query: 'latency', maxMessagesPerSecond: 20 }))
      .start();
    stop = () => void query.stop();
    await sleep(500); // the source has resolved 'latest' before the first record
  } else {
    let batchId = 0;
    const t = setInterval(() => {
      const n = produced;
      raw.emit('batch', {
        query: 'latency',
        outputMode: 'update',
        keyFields: ['k'],
        firstBatchId: batchId,
        lastBatchId: batchId++,
        rows: [{ k: 'all', n }],
        removed: [],
        truncatedRows: 0,
        progress: {},
        sentAtMs: Date.now(),
      });
    }, 100);
    stop = () => clearInterval(t);
  }
  // Produce in 10 ms chunks at the target rate.
  const chunks: Chunk[] = [];
  const perChunk = ratePerSec / 100;
  const t0 = now();
  const end = t0 + (secs + 2) * 1000;
  let sent = 0;
  while (now() < end) {
    const due = Math.floor(((now() - t0) / 1000) * ratePerSec);
    const size = Math.min(due - sent, perChunk * 5);
    if (size > 0) {
      const at = now();
      const records = [];
      for (let i = 0; i < size; i++) records.push({ topic, key: 'all', value: `{"k":"all","v":${sent + i}}` });
      await producer.send(records);
      sent += size;
      produced = sent;
      chunks.push({ cum: sent, size, at });
    }
    await sleep(10);
  }
  const deadline = now() + 5000;
  while ((seen.at(-1)?.n ?? 0) < sent && now() < deadline) await sleep(20);
  stop();
  await clients.close();
  await server.close();
  await kafka.close();
  const warmup = ratePerSec * 2; // the first 2 s
  return { ...percentiles(chunks, seen, warmup), records: sent, reflected: seen.at(-1)?.n ?? 0 };
}

const secs = seconds(10);
for (const rate of [1_000, 10_000]) {
  const e = await run(rate, secs, 'engine');
  const b = await run(rate, secs, 'baseline');
  process.stdout.write(
    `${JSON.stringify({
      workload: `live-latency-${rate}-rps`,
      recordsPerSec: rate,
      triggerMs: 100,
      seconds: secs,
      records: e.records,
      reflected: e.reflected,
      p50Ms: e.p50,
      p99Ms: e.p99,
      maxMs: e.max,
      baselineP50Ms: b.p50,
      baselineP99Ms: b.p99,
      ratio: round(e.p99 / b.p99, 2),
      loadAvg1m: load1m(),
    })}\n`,
  );
}
process.exit(0);
