import { describe, expect, expectTypeOf, it } from 'vitest';
import { MemoryStream } from '../../sources/memory-stream.js';
import { addData, advanceClock, assertOnQuery, checkAnswer, checkNewAnswer, expectFailure, stopStream, startStream, testStream } from '../../testing/index.js';
import { staticTable } from './static-table.js';
import type { Stream } from '../../stream/stream.js';

interface Tx {
  cardId: string | null;
  amount: number;
}
interface Profile {
  cardId: string;
  country: string;
  limit: number;
}

const profiles: Profile[] = [
  { cardId: 'c1', country: 'FR', limit: 100 },
  { cardId: 'c2', country: 'DE', limit: 500 },
  { cardId: 'c2', country: 'AT', limit: 700 },
];

describe('stream-static join (StreamingJoinSuite: stream-static)', () => {
  it('inner join: one row per match, unmatched and null keys dropped', async () => {
    const tx = new MemoryStream<Tx>();
    const result = tx.toStream().join(staticTable(profiles), 'cardId');
    await testStream(result, 'append')(
      addData(tx, { cardId: 'c1', amount: 5 }, { cardId: 'c2', amount: 7 }, { cardId: 'c9', amount: 1 }, { cardId: null, amount: 2 }),
      checkAnswer(
        { cardId: 'c1', amount: 5, country: 'FR', limit: 100 },
        { cardId: 'c2', amount: 7, country: 'DE', limit: 500 },
        { cardId: 'c2', amount: 7, country: 'AT', limit: 700 },
      ),
    );
  });

  it('left outer join: unmatched rows get null table columns', async () => {
    const tx = new MemoryStream<Tx>();
    const result = tx.toStream().join(staticTable(profiles), 'cardId', 'leftOuter');
    await testStream(result, 'append')(
      addData(tx, { cardId: 'c1', amount: 5 }, { cardId: 'c9', amount: 1 }, { cardId: null, amount: 2 }),
      checkAnswer(
        { cardId: 'c1', amount: 5, country: 'FR', limit: 100 },
        { cardId: 'c9', amount: 1, country: null, limit: null },
        { cardId: null, amount: 2, country: null, limit: null },
      ),
    );
  });

  it('left semi join: each stream row with a match, once, as it is (one table row per key or several)', async () => {
    const unique = staticTable([{ cardId: 'c1', country: 'FR', limit: 100 }]);
    for (const table of [staticTable(profiles), unique]) {
      const tx = new MemoryStream<Tx>();
      await testStream(tx.toStream().join(table, 'cardId', 'leftSemi'), 'append')(
        addData(tx, { cardId: 'c1', amount: 5 }, { cardId: 'c2', amount: 7 }, { cardId: 'c9', amount: 1 }, { cardId: null, amount: 2 }),
        checkAnswer(
          ...(table === unique
            ? [{ cardId: 'c1', amount: 5 }]
            : [
                { cardId: 'c1', amount: 5 },
                { cardId: 'c2', amount: 7 },
              ]),
        ),
      );
    }
  });

  it('keys with different names and several columns; the stream row wins a column clash', async () => {
    const ev = new MemoryStream<{ site: string; line: number; amount: number }>();
    const specs = staticTable([
      { plant: 'p1', line: 1, amount: -1, maxRpm: 900 },
      { plant: 'p1', line: 2, amount: -1, maxRpm: 1200 },
    ]);
    const result = ev.toStream().join(specs, { left: ['site', 'line'], right: ['plant', 'line'] });
    await testStream(result, 'append')(
      addData(ev, { site: 'p1', line: 2, amount: 3 }, { site: 'p2', line: 1, amount: 4 }),
      checkAnswer({ site: 'p1', plant: 'p1', line: 2, amount: 3, maxRpm: 1200 }),
    );
  });

  it('a table whose rows have different columns, and stream rows of several shapes (one and two key columns)', async () => {
    const ev = new MemoryStream<Record<string, unknown>>();
    const table = staticTable<Record<string, unknown>>([
      { id: 'a', n: 1, color: 'red' },
      { id: 'b', size: 3 },
      { id: 'b', n: 2, size: 4, note: 'x' },
    ]);
    const one = ev.toStream().join(table, { left: 'k', right: 'id' }, 'leftOuter');
    await testStream(one, 'append')(
      addData(ev, { k: 'a', v: 1 }, { v: 2, k: 'b' }, { k: 'z', v: 3, extra: true }, { k: 'a', n: 9 }),
      checkAnswer(
        { k: 'a', v: 1, id: 'a', n: 1, color: 'red' },
        { k: 'b', v: 2, id: 'b', size: 3 },
        { k: 'b', v: 2, id: 'b', n: 2, size: 4, note: 'x' },
        { k: 'z', v: 3, extra: true, id: null, n: null, color: null, size: null, note: null },
        { k: 'a', n: 9, id: 'a', color: 'red' },
      ),
    );
    const ev2 = new MemoryStream<Record<string, unknown>>();
    const two = ev2.toStream().join(table, { left: ['k', 'm'], right: ['id', 'n'] }, 'leftOuter');
    await testStream(two, 'append')(
      addData(ev2, { k: 'b', m: 2 }, { k: 'b', m: 3 }),
      checkAnswer({ k: 'b', m: 2, id: 'b', n: 2, size: 4, note: 'x' }, { k: 'b', m: 3, id: null, n: null, color: null, size: null, note: null }),
    );
  });

  it('infers the joined row type', () => {
    const tx = new MemoryStream<{ cardId: string; amount: number }>().toStream();
    const inner = tx.join(staticTable<Profile>([]), 'cardId');
    const outer = tx.join(staticTable<Profile>([]), 'cardId', 'leftOuter');
    expectTypeOf(inner).toEqualTypeOf<Stream<{ cardId: string; amount: number; country: string; limit: number }>>();
    expectTypeOf(outer).toEqualTypeOf<Stream<{ cardId: string; amount: number; country: string | null; limit: number | null }>>();
  });

  it('rejects bad join arguments when the query is built', () => {
    const tx = new MemoryStream<Tx>().toStream();
    expect(() => tx.join(staticTable(profiles), [])).toThrow(expect.objectContaining({ code: 'BAD_JOIN_KEYS' }));
    expect(() => tx.join(staticTable(profiles), 'cardId', 'sideways' as 'inner')).toThrow(expect.objectContaining({ code: 'BAD_JOIN_TYPE' }));
    expect(() => tx.join(staticTable(profiles), 'cardId', 'fullOuter')).toThrow(expect.objectContaining({ code: 'STATIC_JOIN_TYPE' }));
    expect(() => tx.join(staticTable(profiles), 'cardId', 'rightOuter')).toThrow(expect.objectContaining({ code: 'STATIC_JOIN_TYPE' }));
    expect(() => staticTable(async () => [], { refreshInterval: 'soon' })).toThrow(expect.objectContaining({ code: 'BAD_DURATION' }));
  });
});

describe('stream-static join with a cached async loader', () => {
  it('loads once, serves from cache, reloads every refreshInterval of processing time', async () => {
    let version = 0;
    let calls = 0;
    const table = staticTable(
      async () => {
        calls += 1;
        return [{ cardId: 'c1', tier: `v${++version}` }];
      },
      { name: 'tiers', refreshInterval: '5 minutes' },
    );
    const tx = new MemoryStream<{ cardId: string; amount: number }>();
    await testStream(tx.toStream().join(table, 'cardId'), 'append')(
      addData(tx, { cardId: 'c1', amount: 1 }),
      checkNewAnswer({ cardId: 'c1', amount: 1, tier: 'v1' }),
      addData(tx, { cardId: 'c1', amount: 2 }),
      advanceClock(60_000),
      checkNewAnswer({ cardId: 'c1', amount: 2, tier: 'v1' }),
      assertOnQuery(() => calls === 1, 'still the cached version'),
      advanceClock(240_000), // 5 minutes after the first load
      addData(tx, { cardId: 'c1', amount: 3 }),
      checkNewAnswer({ cardId: 'c1', amount: 3, tier: 'v2' }),
      assertOnQuery(() => calls === 2, 'reloaded once'),
      assertOnQuery((q) => q.lastProgress?.sources.some((s) => s.description === 'StaticTable[tiers]') === true, 'table shown in progress'),
    );
  });

  it('a failed refresh keeps the previous version and retries one interval later', async () => {
    let calls = 0;
    const table = staticTable(
      () => {
        calls += 1;
        if (calls === 2) throw new Error('db down');
        return [{ cardId: 'c1', tier: `v${calls}` }];
      },
      { refreshInterval: '1 minute' },
    );
    const tx = new MemoryStream<{ cardId: string }>();
    await testStream(tx.toStream().join(table, 'cardId'), 'append')(
      addData(tx, { cardId: 'c1' }),
      checkNewAnswer({ cardId: 'c1', tier: 'v1' }),
      advanceClock(60_000),
      addData(tx, { cardId: 'c1' }),
      checkNewAnswer({ cardId: 'c1', tier: 'v1' }),
      advanceClock(60_000),
      addData(tx, { cardId: 'c1' }),
      checkNewAnswer({ cardId: 'c1', tier: 'v3' }),
    );
  });

  it('a failed first load fails the query with a retriable, coded error', async () => {
    const table = staticTable(async (): Promise<{ cardId: string }[]> => {
      throw new Error('no such table');
    });
    const tx = new MemoryStream<{ cardId: string }>();
    await testStream(tx.toStream().join(table, 'cardId'), 'append')(
      addData(tx, { cardId: 'c1' }),
      expectFailure({ code: 'STATIC_TABLE_LOAD_FAILED', message: 'no such table' }),
    );
  });

  it('a restarted query reloads the table and keeps joining', async () => {
    let calls = 0;
    const table = staticTable(() => [{ cardId: 'c1', tier: `v${++calls}` }]);
    const tx = new MemoryStream<{ cardId: string }>();
    await testStream(tx.toStream().join(table, 'cardId'), 'append')(
      addData(tx, { cardId: 'c1' }),
      checkNewAnswer({ cardId: 'c1', tier: 'v1' }),
      stopStream(),
      startStream(),
      addData(tx, { cardId: 'c1' }),
      checkNewAnswer({ cardId: 'c1', tier: 'v2' }),
    );
  });
});
