/**
 * Dedup over 1M distinct keys with a watermark: 2M transactions (every id twice, the copy a few
 * seconds of event time later, 10% of rows out of order), `dropDuplicatesWithinWatermark('txId')`
 * with a 1-minute watermark, batches of 100k. The baseline is the hand-written version: a Map of
 * id → expiry, a late check, and an eviction sweep per batch.
 */
import { BatchSource, printBenchResult, runLockstep, silentLogger } from '../../bench/lockstep.js';
import { heapAfterGc, RssPeak } from '../../bench/workload.js';
import { StreamingSession } from '../../query/session.js';
import { Stream } from '../../stream/stream.js';

interface Tx {
  ts: number;
  txId: string;
  amount: number;
}

const DELAY_MS = 60_000;

function generate(distinct: number, seed: number): Tx[] {
  let a = seed >>> 0;
  const r = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const start = Date.parse('2026-01-01T00:00:00Z');
  const out: Tx[] = [];
  for (let i = 0; i < distinct; i++) {
    const ts = start + Math.floor(i / 2); // 2k tx per second of event time: the watermark evicts
    const late = r() < 0.1 ? Math.floor(r() * 30_000) : 0;
    const tx = { ts: ts - late, txId: `tx-${i}`, amount: Math.floor(r() * 10_000) / 100 };
    out.push(tx);
    // the duplicate (a producer retry) arrives a little later
    out.push({ ts: ts - late + Math.floor(r() * 5000), txId: tx.txId, amount: tx.amount });
  }
  // move each duplicate a few hundred rows later in arrival order
  for (let i = 1; i < out.length - 400; i += 2) {
    const j = i + 2 * Math.floor(r() * 200);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

class Baseline {
  readonly seen = new Map<string, number>();
  out = 0;
  private maxTs = -Infinity;
  private wm = 0;

  process(rows: readonly Tx[]): void {
    const wm = this.wm;
    const seen = this.seen;
    for (let i = 0; i < rows.length; i++) {
      const tx = rows[i]!;
      if (tx.ts > this.maxTs) this.maxTs = tx.ts;
      if (tx.ts <= wm) continue;
      if (seen.has(tx.txId)) continue;
      seen.set(tx.txId, tx.ts + DELAY_MS);
      this.out += 1;
    }
    for (const [k, exp] of seen) if (exp <= wm) seen.delete(k);
    this.wm = Math.max(wm, this.maxTs - DELAY_MS);
  }
}

async function run(
  data: Tx[],
  batchSize: number,
  rss: RssPeak,
): Promise<{ engineMs: number; baselineMs: number; out: number; baseOut: number; stateRows: number }> {
  const source = new BatchSource<Tx>('DedupBenchSource');
  let out = 0;
  const query = Stream.fromSource(source)
    .withWatermark('ts', DELAY_MS)
    .dropDuplicatesWithinWatermark('txId')
    .writeStream.foreachBatch((rows) => {
      out += rows.length;
    })
    .session(new StreamingSession({ logger: silentLogger }))
    .start();
  const baseline = new Baseline();
  let stateRows = 0;
  const batches = function* (): Generator<Tx[]> {
    for (let from = 0; from < data.length; from += batchSize) yield data.slice(from, from + batchSize);
  };
  const { engineMs, baselineMs } = await runLockstep(batches(), {
    source,
    query,
    baseline: (rows) => baseline.process(rows),
    afterBatch: () => {
      stateRows = Math.max(stateRows, query.lastProgress?.stateOperators[0]?.numRowsTotal ?? 0);
    },
    rss,
  });
  return { engineMs, baselineMs, out, baseOut: baseline.out, stateRows };
}

const distinct = Math.round(Number(process.env.BENCH_EVENTS ?? 2_000_000) / 2);
await run(generate(200_000, 7), 100_000, new RssPeak());
const data = generate(distinct, 42);
heapAfterGc();
const rss = new RssPeak();
const r = await run(data, 100_000, rss);
const events = data.length;
printBenchResult('core.dedup-within-watermark.1m-keys', events, r, rss, {
  peakStateRows: r.stateRows,
  outputRows: r.out,
  baselineOutputRows: r.baseOut,
});
