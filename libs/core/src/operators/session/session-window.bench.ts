/**
 * Session windows: 10M events (BENCH_EVENTS) over 100k keys, gap 30 s, 10% of rows out of order
 * (up to 2 minutes back, forcing merges), count and sum per session, 2-minute watermark, append
 * mode, batches of 100k. The baseline is the hand-written version: a Map of key → sorted session
 * array with in-place merging, sessions emitted and dropped once the watermark passes their end.
 */
import { performance } from 'node:perf_hooks';
import { timeEngine } from '../state/support/bench-timing.js';
import { count } from '../../aggregates/count.js';
import { sum } from '../../aggregates/sum.js';
import type { Logger } from '../../ports.js';
import { StreamingSession } from '../../query/session.js';
import { Stream } from '../../stream/stream.js';
import { batchRows, BenchSource, generate, RssPeak, workloadConfig, type Columns, type Event } from '../../bench/workload.js';
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
      for (const s of list) if (s.end > this.wm) list[keep++] = s;
      else this.out += 1;
      if (keep === 0) this.byKey.delete(k);
      else list.length = keep;
    }
  }
}

async function run(data: Columns, batchSize: number, rss: RssPeak): Promise<{ engineMs: number; baselineMs: number; out: number; baseOut: number; stateRows: number }> {
  const source = new BenchSource();
  let out = 0;
  const query = Stream.fromSource(source)
    .withWatermark('ts', DELAY_MS)
    .groupBy(sessionWindow('ts', GAP_MS), 'key')
    .agg({ count: count(), total: sum('value') })
    .writeStream.outputMode('append')
    .foreachBatch((rows) => {
      out += rows.length;
    })
    .session(new StreamingSession({ logger: silent }))
    .start();
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
const r = await run(generate(cfg), cfg.batchSize, rss);
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
  })}\n`,
);
