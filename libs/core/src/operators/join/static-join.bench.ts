/**
 * Stream-static join against a 100k-row table: 10M transactions (BENCH_EVENTS) over 100k cards,
 * `join(staticTable(profiles), 'cardId')` (inner; 5% of cards have no profile), batches of 100k.
 * The baseline is the hand-written version: a Map of cardId → profile and
 * `Object.assign({}, profile, tx)` per match (the fastest merge V8 has; a double spread is ~5x slower).
 */
import { performance } from 'node:perf_hooks';
import { timeEngine } from '../state/support/bench-timing.js';
import type { Logger, Offset, Source } from '../../ports.js';
import { StreamingSession } from '../../query/session.js';
import { Stream } from '../../stream/stream.js';
import { RssPeak } from '../../bench/workload.js';
import { staticTable } from './static-table.js';

interface Tx {
  ts: number;
  cardId: string;
  amount: number;
}
interface Profile {
  cardId: string;
  country: string;
  limit: number;
  segment: string;
}

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const CARDS = 100_000;
const BATCH = 100_000;

const cardNames = Array.from({ length: CARDS }, (_, i) => `card-${i}`);
const profiles: Profile[] = [];
for (let i = 0; i < CARDS; i++) if (i % 20 !== 0) profiles.push({ cardId: cardNames[i]!, country: i % 3 ? 'FR' : 'DE', limit: 100 + (i % 50) * 10, segment: `s${i % 7}` });

function batch(from: number, n: number): Tx[] {
  const out = new Array<Tx>(n);
  for (let i = 0; i < n; i++) {
    const k = ((from + i) * 2654435761) % CARDS;
    out[i] = { ts: 1_767_225_600_000 + from + i, cardId: cardNames[k]!, amount: (k % 1000) / 10 };
  }
  return out;
}

class Baseline {
  private readonly byCard = new Map<string, Profile>();
  out = 0;
  constructor(rows: Profile[]) {
    for (const p of rows) this.byCard.set(p.cardId, p);
  }
  process(rows: readonly Tx[]): unknown[] {
    const res: unknown[] = [];
    for (let i = 0; i < rows.length; i++) {
      const tx = rows[i]!;
      const p = this.byCard.get(tx.cardId);
      if (p !== undefined) res.push(Object.assign({}, p, tx));
    }
    this.out += res.length;
    return res;
  }
}

class BatchSource implements Source<Tx> {
  readonly description = 'JoinBenchSource';
  private rows: Tx[] = [];
  private base = 0;
  push(rows: Tx[]): void {
    this.rows = rows;
  }
  latestOffset(): Offset | null {
    return this.base + this.rows.length || null;
  }
  getBatch(start: Offset | null): readonly Tx[] {
    return (typeof start === 'number' ? start : 0) === this.base ? this.rows : [];
  }
  commit(end: Offset): void {
    this.base = end as number;
    this.rows = [];
  }
}

async function run(events: number, rss: RssPeak): Promise<{ engineMs: number; baselineMs: number; out: number; baseOut: number }> {
  const source = new BatchSource();
  let out = 0;
  const query = Stream.fromSource(source)
    .join(staticTable(profiles), 'cardId')
    .writeStream.foreachBatch((rows) => {
      out += rows.length;
    })
    .session(new StreamingSession({ logger: silent }))
    .start();
  const baseline = new Baseline(profiles);
  let engineMs = 0;
  let baselineMs = 0;
  for (let from = 0; from < events; from += BATCH) {
    const rows = batch(from, Math.min(BATCH, events - from));
    // Alternate who goes first, so neither pays for the other's garbage more often.
    const engineFirst = (from / BATCH) % 2 === 1;
    if (engineFirst) engineMs += await timeEngine(source, query, rows);
    const t0 = performance.now();
    baseline.process(rows);
    baselineMs += performance.now() - t0;
    if (!engineFirst) engineMs += await timeEngine(source, query, rows);
    rss.sample();
  }
  await query.stop();
  if (query.exception) throw query.exception;
  return { engineMs, baselineMs, out, baseOut: baseline.out };
}

const events = Number(process.env.BENCH_EVENTS ?? 10_000_000);
await run(1_000_000, new RssPeak());
const rss = new RssPeak();
const r = await run(events, rss);
const eventsPerSec = Math.round(events / (r.engineMs / 1000));
const baselineEventsPerSec = Math.round(events / (r.baselineMs / 1000));
process.stdout.write(
  `${JSON.stringify({
    workload: 'core.stream-static-join.100k-table',
    events,
    eventsPerSec,
    baselineEventsPerSec,
    ratio: Math.round((eventsPerSec / baselineEventsPerSec) * 100) / 100,
    peakRssMb: rss.mb,
    outputRows: r.out,
    baselineOutputRows: r.baseOut,
  })}\n`,
);
