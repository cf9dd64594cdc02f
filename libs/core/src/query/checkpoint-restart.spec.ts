/**
 * Checkpoint directories seen from the writer: tuning (`checkpointOptions`), checkpoint errors
 * that stop a query, and restarts in a fresh process (fresh objects, unnamed streams).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../node/test-dir.js';
import {
  count,
  MemoryStream,
  queryShape,
  StreamingSession,
  StreamlabError,
  window,
  type AggregateSpec,
  type Logger,
  type QueryCheckpointOptions,
  type ValueCodec,
} from '../index.js';
import { ManualClock } from '../testing/index.js';
import { errorOf } from '../error-of.js';

const silent = pino({ level: 'silent' }) as unknown as Logger;
const tempDir = useTempDirs();

type Ev = { ts: number; k: string; cents?: number };

/** A state value JSON cannot hold: needs a ValueCodec in a checkpoint. */
class Money {
  constructor(readonly cents: number) {}
}
const moneyCodec: ValueCodec<Money> = {
  tag: 'Money',
  test: (v): v is Money => v instanceof Money,
  encode: (m) => m.cents,
  decode: (d) => new Money(d as number),
};
const total: AggregateSpec<'cents', number> = {
  name: 'total(cents)',
  field: 'cents',
  fn: {
    init: () => new Money(0),
    add: (m: Money, c: number) => new Money(m.cents + c),
    merge: (a: Money, b: Money) => new Money(a.cents + b.cents),
    result: (m: Money) => m.cents,
  },
};

function session(options: { checkpoint?: QueryCheckpointOptions } = {}) {
  return new StreamingSession({ clock: new ManualClock(0), logger: silent, ...options });
}

/** A windowed count per key with a checkpoint; `tune` adds `.checkpointOptions`. */
function startCounts(dir: string, input: MemoryStream<Ev>, s = session(), tune?: QueryCheckpointOptions) {
  const w = input
    .toStream()
    .withWatermark('ts', 10)
    .groupBy(window('ts', 10), 'k')
    .agg({ n: count() })
    .writeStream.outputMode('update')
    .format('memory')
    .queryName(`counts-${dir}`)
    .option('checkpointLocation', dir)
    .session(s);
  return { query: (tune ? w.checkpointOptions(tune) : w).start(), session: s };
}

async function runBatches(q: { processAllAvailable(): Promise<void> }, input: MemoryStream<Ev>, n: number, from = 0) {
  for (let i = from; i < from + n; i++) {
    input.addData({ ts: i, k: 'a' });
    await q.processAllAvailable();
  }
}

describe('checkpointOptions', () => {
  it('snapshotEvery and retainBatches reach the checkpoint directory', async () => {
    const dir = tempDir();
    const input = new MemoryStream<Ev>({ name: 'tuned' });
    const { query } = startCounts(dir, input, session(), { snapshotEvery: 2, retainBatches: 2 });
    await runBatches(query, input, 8);
    await query.stop();
    const state = readdirSync(join(dir, 'state', '0'));
    expect(state.filter((f) => f.endsWith('.snapshot')).length).toBeGreaterThanOrEqual(2);
    expect(readdirSync(join(dir, 'offsets')).length).toBeLessThanOrEqual(4); // older batches purged
    const defaults = tempDir();
    const other = new MemoryStream<Ev>({ name: 'defaults' });
    const plain = startCounts(defaults, other);
    await runBatches(plain.query, other, 8);
    await plain.query.stop();
    expect(readdirSync(join(defaults, 'state', '0')).filter((f) => f.endsWith('.snapshot'))).toEqual([]);
    expect(readdirSync(join(defaults, 'offsets'))).toHaveLength(8);
  });

  it('refuses a bad value at start()', () => {
    const err = errorOf(() => startCounts(tempDir(), new MemoryStream<Ev>({ name: 'bad' }), session(), { snapshotEvery: 0 }));
    expect(err).toBeInstanceOf(StreamlabError);
    expect(err.message).toContain('snapshotEvery');
  });

  it('valueCodecs (writer or session) let state hold a class; without one the query stops with the code', async () => {
    const run = async (s: StreamingSession, dir: string, rows: Ev[], tune?: QueryCheckpointOptions) => {
      const input = new MemoryStream<Ev>({ name: 'money' });
      input.addData(rows);
      const w = input
        .toStream()
        .groupBy('k')
        .agg({ total })
        .writeStream.outputMode('update')
        .format('memory')
        .queryName('money')
        .option('checkpointLocation', dir)
        .session(s);
      const q = (tune ? w.checkpointOptions(tune) : w).start();
      await q.processAllAvailable().catch(() => undefined);
      await q.stop();
      return q;
    };
    const failed = await run(session(), tempDir(), [{ ts: 1, k: 'a', cents: 5 }]);
    expect(failed.exception?.code).toBe('QUERY_FAILED');
    expect((failed.exception?.cause as StreamlabError | undefined)?.code).toBe('STATE_NOT_SERIALISABLE');

    const dir = tempDir();
    const s1 = session();
    await run(s1, dir, [{ ts: 1, k: 'a', cents: 5 }], { valueCodecs: [moneyCodec] });
    expect(s1.table('money')).toEqual([{ k: 'a', total: 5 }]);
    expect(readFileSync(join(dir, 'state', '0', '1.delta'), 'utf8')).toContain('"$type":"Money"');
    const s2 = session({ checkpoint: { valueCodecs: [moneyCodec] } }); // a fresh process, the codec given to the session
    await run(s2, dir, [
      { ts: 1, k: 'a', cents: 5 },
      { ts: 2, k: 'a', cents: 7 },
    ]);
    expect(s2.table('money')).toEqual([{ k: 'a', total: 12 }]);
  });
});

describe('checkpoint errors', () => {
  it('a corrupt offsets file refuses start() with CHECKPOINT_CORRUPT naming the file', async () => {
    const dir = tempDir();
    const input = new MemoryStream<Ev>({ name: 'corrupt' });
    const { query } = startCounts(dir, input);
    await runBatches(query, input, 2);
    await query.stop();
    writeFileSync(join(dir, 'offsets', '1'), 'v1\n{"batchWatermarkMs": 1');
    const err = errorOf(() => startCounts(dir, input));
    expect(err.code).toBe('CHECKPOINT_CORRUPT');
    expect((err.value as { file: string }).file).toBe(join(dir, 'offsets', '1'));
  });

  it('an offsets file another writer left ahead of a running query stops it, the CHECKPOINT_* code kept as the cause', async () => {
    const dir = tempDir();
    const input = new MemoryStream<Ev>({ name: 'ahead' });
    const { query } = startCounts(dir, input);
    await runBatches(query, input, 1);
    writeFileSync(join(dir, 'offsets', '1'), 'garbage from another writer');
    input.addData({ ts: 5, k: 'a' });
    await expect(query.processAllAvailable()).rejects.toThrow(/CHECKPOINT_CONCURRENT_WRITE/);
    expect(query.exception?.code).toBe('QUERY_FAILED');
    const cause = query.exception?.cause as StreamlabError;
    expect(cause.code).toBe('CHECKPOINT_CONCURRENT_WRITE');
    expect((cause.value as { file: string }).file).toContain(join('offsets', '1'));
  });
});

describe('restart in a fresh process', () => {
  /** What one "process" does: creates its streams (unnamed, after `others` unrelated ones), replays the input history, runs. */
  async function processRun(dir: string, others: number, history: Ev[], more: Ev[]) {
    for (let i = 0; i < others; i++) new MemoryStream<Ev>(); // moves the process-wide counter
    const input = new MemoryStream<Ev>();
    const refunds = new MemoryStream<Ev>();
    input.addData(history);
    const s = session();
    const q = input
      .toStream()
      .union(refunds.toStream())
      .groupBy('k')
      .count()
      .writeStream.outputMode('update')
      .format('memory')
      .queryName('restart')
      .option('checkpointLocation', dir)
      .session(s)
      .start();
    await q.processAllAvailable();
    if (more.length > 0) input.addData(more);
    await q.processAllAvailable();
    await q.stop();
    return { q, s, input, refunds };
  }

  it('records unnamed MemoryStreams by their position in the plan, so another creation order resumes', async () => {
    const dir = tempDir();
    const first = await processRun(
      dir,
      0,
      [
        { ts: 1, k: 'a' },
        { ts: 2, k: 'a' },
      ],
      [],
    );
    expect(first.s.table('restart')).toEqual([{ k: 'a', count: 2 }]);
    expect(first.input.description).not.toBe(new MemoryStream().description);
    const metadata = readFileSync(join(dir, 'metadata'), 'utf8');
    expect(metadata).toContain('source 0: MemoryStream[#0]');
    expect(metadata).toContain('source 1: MemoryStream[#1]');

    const second = await processRun(
      dir,
      5,
      [
        { ts: 1, k: 'a' },
        { ts: 2, k: 'a' },
      ],
      [{ ts: 3, k: 'a' }],
    );
    expect(second.q.id).toBe(first.q.id);
    expect(second.q.recentProgress[0]?.sources[0]?.startOffset).toBe(2);
    expect(second.s.table('restart')).toEqual([{ k: 'a', count: 3 }]);
  });

  it('a named stream is recorded by its name', () => {
    const named = new MemoryStream<Ev>({ name: 'payments' });
    expect(named.description).toBe('MemoryStream[payments]');
    expect(new MemoryStream<Ev>('legacy').description).toBe('MemoryStream[legacy]');
    const unnamed = new MemoryStream<Ev>();
    expect(queryShape(unnamed.toStream().union(named.toStream()).plan).lines).toEqual(['source 0: MemoryStream[#0]', 'source 1: MemoryStream[payments]']);
  });
});
