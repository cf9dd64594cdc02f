/**
 * Stream-static join against a 100k-row table: 10M transactions (BENCH_EVENTS) over 100k cards,
 * `join(staticTable(profiles), 'cardId')` (inner; 5% of cards have no profile), batches of 100k.
 * The baseline is the hand-written version: a Map of cardId → profile and
 * `Object.assign({}, profile, tx)` per match (the fastest merge V8 has; a double spread is ~5x slower).
 */
import { BatchSource, printBenchResult, runLockstep, silentLogger } from '../../bench/lockstep.js';
import { RssPeak } from '../../bench/workload.js';
import { StreamingSession } from '../../query/session.js';
import { Stream } from '../../stream/stream.js';
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

const CARDS = 100_000;
const BATCH = 100_000;

const cardNames = Array.from({ length: CARDS }, (_, i) => `card-${i}`);
const profiles: Profile[] = [];
for (let i = 0; i < CARDS; i++)
  if (i % 20 !== 0) profiles.push({ cardId: cardNames[i]!, country: i % 3 ? 'FR' : 'DE', limit: 100 + (i % 50) * 10, segment: `s${i % 7}` });

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

async function run(events: number, rss: RssPeak): Promise<{ engineMs: number; baselineMs: number; out: number; baseOut: number }> {
  const source = new BatchSource<Tx>('JoinBenchSource');
  let out = 0;
  const query = Stream.fromSource(source)
    .join(staticTable(profiles), 'cardId')
    .writeStream.foreachBatch((rows) => {
      out += rows.length;
    })
    .session(new StreamingSession({ logger: silentLogger }))
    .start();
  const baseline = new Baseline(profiles);
  const batches = function* (): Generator<Tx[]> {
    for (let from = 0; from < events; from += BATCH) yield batch(from, Math.min(BATCH, events - from));
  };
  const { engineMs, baselineMs } = await runLockstep(batches(), { source, query, baseline: (rows) => baseline.process(rows), rss });
  return { engineMs, baselineMs, out, baseOut: baseline.out };
}

const events = Number(process.env.BENCH_EVENTS ?? 10_000_000);
await run(1_000_000, new RssPeak());
const rss = new RssPeak();
const r = await run(events, rss);
printBenchResult('core.stream-static-join.100k-table', events, r, rss, { outputRows: r.out, baselineOutputRows: r.baseOut });
