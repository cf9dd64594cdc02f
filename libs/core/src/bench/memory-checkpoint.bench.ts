/**
 * What a `memory:<name>` checkpoint costs: the tumbling workload (1-minute windows, count and sum
 * by key over 100k keys, batches of 100k, append mode) run by two queries in lockstep over the same
 * rows, one with `checkpointLocation: 'memory:bench'`, one without a checkpoint. The ratio is
 * checkpointed throughput over plain throughput in the same run (1.0: free). `stop()` is timed too,
 * since a checkpoint may do its work there.
 *
 * Env: BENCH_EVENTS (default here 3,000,000).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { count } from '../aggregates/count.js';
import { sum } from '../aggregates/sum.js';
import { StreamingSession } from '../query/session.js';
import type { StreamingQuery } from '../query/streaming-query.js';
import { Stream } from '../stream/stream.js';
import { window } from '../window/window.js';
import { silentLogger } from './lockstep.js';
import { batchRows, BenchSource, generate, RssPeak, workloadConfig, type Event } from './workload.js';

interface Side {
  source: BenchSource;
  query: StreamingQuery;
  ms: number;
  /** Of `ms`, the time `stop()` took. */
  stopMs: number;
  outputRows: number;
}

function side(checkpointLocation: string | undefined): Side {
  const source = new BenchSource();
  const s: Side = { source, query: undefined as unknown as StreamingQuery, ms: 0, stopMs: 0, outputRows: 0 };
  let writer = Stream.fromSource(source)
    .withWatermark('ts', 60_000)
    .groupBy(window('ts', 60_000), 'key')
    .agg({ count: count(), total: sum('value') })
    .writeStream.outputMode('append')
    .foreachBatch((rows) => {
      s.outputRows += rows.length;
    })
    .session(new StreamingSession({ logger: silentLogger }));
  if (checkpointLocation) writer = writer.option('checkpointLocation', checkpointLocation);
  s.query = writer.start();
  return s;
}

async function step(s: Side, rows: Event[]): Promise<void> {
  const t0 = performance.now();
  s.source.push(rows);
  await s.query.processAllAvailable();
  s.ms += performance.now() - t0;
}

async function stop(s: Side): Promise<void> {
  const t0 = performance.now();
  await s.query.stop();
  s.stopMs = performance.now() - t0;
  s.ms += s.stopMs;
  if (s.query.exception) throw s.query.exception;
}

async function run(events: number, batchSize: number, seed: number, rss: RssPeak): Promise<{ plain: Side; checkpointed: Side }> {
  const cfg = { ...workloadConfig(), events };
  const data = generate(cfg, seed);
  const plain = side(undefined);
  const checkpointed = side(`memory:bench-${seed}`);
  for (let from = 0, i = 0; from < events; from += batchSize, i++) {
    const rows = batchRows(data, from, Math.min(events, from + batchSize));
    // Alternate which goes first, so neither always pays for the other's garbage.
    const [a, b] = i % 2 === 0 ? [plain, checkpointed] : [checkpointed, plain];
    await step(a, rows);
    await step(b, rows);
    rss.sample();
  }
  await stop(plain);
  await stop(checkpointed);
  return { plain, checkpointed };
}

const cfg = workloadConfig();
const events = process.env.BENCH_EVENTS ? cfg.events : 3_000_000;
await run(Math.min(events, 300_000), cfg.batchSize, 7, new RssPeak()); // warm-up
const rss = new RssPeak();
const { plain, checkpointed } = await run(events, cfg.batchSize, 42, rss);
if (plain.outputRows !== checkpointed.outputRows) throw new Error(`outputs differ: ${plain.outputRows} vs ${checkpointed.outputRows}`);
const eventsPerSec = Math.round(events / (checkpointed.ms / 1000));
const baselineEventsPerSec = Math.round(events / (plain.ms / 1000));
process.stdout.write(
  `${JSON.stringify({
    workload: 'core.tumbling-1min.count-sum.100k-keys.memory-checkpoint',
    events,
    eventsPerSec,
    baselineEventsPerSec,
    ratio: Math.round((eventsPerSec / baselineEventsPerSec) * 100) / 100,
    peakRssMb: rss.mb,
    loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    stopMs: Math.round(checkpointed.stopMs),
    baselineStopMs: Math.round(plain.stopMs),
    outputRows: checkpointed.outputRows,
  })}\n`,
);
