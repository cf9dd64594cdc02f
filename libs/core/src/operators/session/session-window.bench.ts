/**
 * Session windows: 10M events (BENCH_EVENTS) over 100k keys, gap 30 s, 10% of rows out of order
 * (up to 2 minutes back, forcing merges), count and sum per session, 2-minute watermark, append
 * mode, batches of 100k. The baseline is the hand-written version: a Map of key → sorted session
 * array with in-place merging, sessions emitted and dropped once the watermark passes their end.
 * After the timed run, the engine alone runs the first 3M events again to compare the operator's
 * `memoryUsedBytes` estimate with the memory its state measurably holds (JS heap + array buffers
 * after a full GC, minus the same before the first batch).
 */
import { performance } from 'node:perf_hooks';
import { timeEngine } from '../state/support/bench-timing.js';
import { count } from '../../aggregates/count.js';
import { sum } from '../../aggregates/sum.js';
import type { Logger } from '../../ports.js';
import { StreamingSession } from '../../query/session.js';
import { Stream } from '../../stream/stream.js';
import { batchRows, BenchSource, generate, heapAfterGc, RssPeak, workloadConfig, type Columns, type Event } from '../../bench/workload.js';
import { sessionWindow } from './session-window.js';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const GAP_MS = 30_000;
const DELAY_MS = 120_000;

interface S {
  start: number;
  end: number;
  count: number;
  sum: number;
}

class Baseline {
  private readonly byKey = new Map<string, S[]>();
  private maxTs = -Infinity;
  private wm = 0;
  out = 0;

  process(rows: readonly Event[]): void {
    const wm = this.wm;
    for (let i = 0; i < rows.length; i++) {
      const e = rows[i]!;
      if (e.ts > this.maxTs) this.maxTs = e.ts;
      const start = e.ts;
      const end = e.ts + GAP_MS;
      if (end <= wm) continue;
      let list = this.byKey.get(e.key);
      if (!list) this.byKey.set(e.key, (list = []));
      let j = 0;
      while (j < list.length && list[j]!.end < start) j++;
      if (j < list.length && list[j]!.start <= end) {
        const s = list[j]!;
        if (start < s.start) s.start = start;
        if (end > s.end) s.end = end;
        s.count += 1;
        s.sum += e.value;
        while (j + 1 < list.length && list[j + 1]!.start <= s.end) {
          const n = list[j + 1]!;
          s.count += n.count;
          s.sum += n.sum;
          if (n.end > s.end) s.end = n.end;
          list.splice(j + 1, 1);
        }
      } else list.splice(j, 0, { start, end, count: 1, sum: e.value });
    }
    // close what the new watermark passed (the engine does this in its no-data batch)
    this.wm = Math.max(wm, this.maxTs - DELAY_MS);
    for (const [k, list] of this.byKey) {
      let keep = 0;
      for (const s of list)
        if (s.end > this.wm) list[keep++] = s;
        else this.out += 1;
      if (keep === 0) this.byKey.delete(k);
      else list.length = keep;
    }
  }
}

function startQuery(source: BenchSource, onRows: (n: number) => void) {
  return Stream.fromSource(source)
    .withWatermark('ts', DELAY_MS)
    .groupBy(sessionWindow('ts', GAP_MS), 'key')
    .agg({ count: count(), total: sum('value') })
    .writeStream.outputMode('append')
    .foreachBatch((rows) => onRows(rows.length))
    .session(new StreamingSession({ logger: silent }))
    .start();
}

/** JS heap plus array buffers (the session slots are typed arrays, off the JS heap) after a full GC. */
function memoryAfterGc(): number {
  heapAfterGc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** The engine alone over `data`: its state-memory estimate at the end and the memory measurably added since the start. */
async function stateMemory(data: Columns, batchSize: number): Promise<{ estimate: number; measured: number }> {
  const source = new BenchSource();
  const query = startQuery(source, () => {});
  const before = memoryAfterGc();
  for (let from = 0; from < data.ts.length; from += batchSize) {
    source.push(batchRows(data, from, Math.min(data.ts.length, from + batchSize)));
    await query.processAllAvailable();
  }
  const measured = memoryAfterGc() - before;
  const estimate = query.lastProgress?.stateOperators[0]?.memoryUsedBytes ?? 0;
  await query.stop();
  if (query.exception) throw query.exception;
  return { estimate, measured };
}

async function run(
  data: Columns,
  batchSize: number,
  rss: RssPeak,
): Promise<{ engineMs: number; baselineMs: number; out: number; baseOut: number; stateRows: number }> {
  const source = new BenchSource();
  let out = 0;
  const query = startQuery(source, (n) => {
    out += n;
  });
  const baseline = new Baseline();
  let engineMs = 0;
  let baselineMs = 0;
  let stateRows = 0;
  const n = data.ts.length;
  for (let from = 0; from < n; from += batchSize) {
    const rows = batchRows(data, from, Math.min(n, from + batchSize));
    // Alternate who goes first, so neither pays for the other's garbage more often.
    const engineFirst = (from / batchSize) % 2 === 1;
    if (engineFirst) engineMs += await timeEngine(source, query, rows);
    const t0 = performance.now();
    baseline.process(rows);
    baselineMs += performance.now() - t0;
    if (!engineFirst) engineMs += await timeEngine(source, query, rows);
    stateRows = Math.max(stateRows, query.lastProgress?.stateOperators[0]?.numRowsTotal ?? 0);
    rss.sample();
  }
  await query.stop();
  if (query.exception) throw query.exception;
  return { engineMs, baselineMs, out, baseOut: baseline.out, stateRows };
}

const cfg = { ...workloadConfig(), outOfOrderFraction: 0.1 };
await run(generate({ ...cfg, events: Math.min(cfg.events, 300_000) }, 7), cfg.batchSize, new RssPeak());
const rss = new RssPeak();
const data = generate(cfg);
const r = await run(data, cfg.batchSize, rss);
const mem = await stateMemory(
  { ...data, ts: data.ts.subarray(0, 3_000_000), key: data.key.subarray(0, 3_000_000), value: data.value.subarray(0, 3_000_000) },
  cfg.batchSize,
);
const eventsPerSec = Math.round(cfg.events / (r.engineMs / 1000));
const baselineEventsPerSec = Math.round(cfg.events / (r.baselineMs / 1000));
process.stdout.write(
  `${JSON.stringify({
    workload: 'core.session-window-30s.count-sum.100k-keys.10pct-ooo',
    events: cfg.events,
    eventsPerSec,
    baselineEventsPerSec,
    ratio: Math.round((eventsPerSec / baselineEventsPerSec) * 100) / 100,
    peakRssMb: rss.mb,
    peakSessions: r.stateRows,
    outputRows: r.out,
    baselineOutputRows: r.baseOut,
    stateMemoryEstimateMb: Math.round(mem.estimate / 1024 / 102.4) / 10,
    stateMemoryMeasuredMb: Math.round(mem.measured / 1024 / 102.4) / 10,
  })}\n`,
);
