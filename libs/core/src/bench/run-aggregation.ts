/**
 * Runs one windowed count+sum workload through the engine and through a hand-written
 * Map-increment baseline over the same events, batch by batch in lockstep (both see the same
 * row objects and the same machine load; which goes first alternates), and prints one JSON line.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { count } from '../aggregates/count.js';
import { sum } from '../aggregates/sum.js';
import { StreamingSession } from '../query/session.js';
import { Stream } from '../stream/stream.js';
import { window } from '../window/window.js';
import { Baseline } from './baseline.js';
import { silentLogger } from './lockstep.js';
import { batchRows, BenchSource, generate, heapAfterGc, RssPeak, workloadConfig, type Columns } from './workload.js';

export interface AggregationBench {
  workload: string;
  sizeMs: number;
  slideMs: number;
  delayMs: number;
}

/** Wall and CPU time (all threads of the process) of `fn`. */
async function timed(fn: () => unknown): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

interface Result {
  engineMs: number;
  baselineMs: number;
  /** CPU time of the process (all its threads) in the timed sections: robust to a busy machine. */
  engineCpuMs: number;
  baselineCpuMs: number;
  outputRows: number;
  baselineOutputRows: number;
  stateRows: number;
  heapWithState: number;
}

async function run(b: AggregationBench, data: Columns, batchSize: number, rss: RssPeak): Promise<Result> {
  const session = new StreamingSession({ logger: silentLogger });
  const source = new BenchSource();
  let outputRows = 0;
  const query = Stream.fromSource(source)
    .withWatermark('ts', b.delayMs)
    .groupBy(window('ts', b.sizeMs, b.slideMs), 'key')
    .agg({ count: count(), total: sum('value') })
    .writeStream.outputMode('append')
    .foreachBatch((rows) => {
      outputRows += rows.length;
    })
    .session(session)
    .start();
  const baseline = new Baseline(b.sizeMs, b.slideMs, b.delayMs);
  let engineMs = 0;
  let baselineMs = 0;
  let engineCpuMs = 0;
  let baselineCpuMs = 0;
  const n = data.ts.length;
  for (let from = 0; from < n; from += batchSize) {
    const rows = batchRows(data, from, Math.min(n, from + batchSize));
    // Alternate which side goes first, so GC work one side leaves behind is not always paid by the other.
    const baselineFirst = (from / batchSize) % 2 === 0;
    if (!baselineFirst) {
      const e = await timed(async () => {
        source.push(rows);
        await query.processAllAvailable();
      });
      engineMs += e.wallMs;
      engineCpuMs += e.cpuMs;
    }
    const bl = await timed(() => baseline.process(rows));
    baselineMs += bl.wallMs;
    baselineCpuMs += bl.cpuMs;
    if (baselineFirst) {
      const e = await timed(async () => {
        source.push(rows);
        await query.processAllAvailable();
      });
      engineMs += e.wallMs;
      engineCpuMs += e.cpuMs;
    }
    rss.sample();
  }
  const stateRows = query.lastProgress?.stateOperators[0]?.numRowsTotal ?? 0;
  baseline.clear();
  const heapWithState = heapAfterGc();
  await query.stop();
  if (query.exception) throw query.exception;
  return { engineMs, baselineMs, engineCpuMs, baselineCpuMs, outputRows, baselineOutputRows: baseline.outputRows, stateRows, heapWithState };
}

export async function runAggregationBench(b: AggregationBench): Promise<void> {
  const cfg = workloadConfig();
  const data = generate(cfg);
  // Warm up both paths so the JIT has seen them, then measure.
  await run(b, generate({ ...cfg, events: Math.min(cfg.events, 300_000) }, 7), cfg.batchSize, new RssPeak());
  const rss = new RssPeak();
  const r = await run(b, data, cfg.batchSize, rss);
  // Everything the query held is unreachable now: the heap difference is its state.
  const heapWithout = heapAfterGc();
  const eventsPerSec = Math.round(cfg.events / (r.engineMs / 1000));
  const baselineEventsPerSec = Math.round(cfg.events / (r.baselineMs / 1000));
  process.stdout.write(
    `${JSON.stringify({
      workload: b.workload,
      events: cfg.events,
      eventsPerSec,
      baselineEventsPerSec,
      ratio: Math.round((eventsPerSec / baselineEventsPerSec) * 100) / 100,
      peakRssMb: rss.mb,
      stateBytesPerKey: r.stateRows > 0 ? Math.round((r.heapWithState - heapWithout) / r.stateRows) : 0,
      cpuEventsPerSec: Math.round(cfg.events / (r.engineCpuMs / 1000)),
      baselineCpuEventsPerSec: Math.round(cfg.events / (r.baselineCpuMs / 1000)),
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      outputRows: r.outputRows,
      baselineOutputRows: r.baselineOutputRows,
    })}\n`,
  );
}
