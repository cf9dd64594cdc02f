import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Stream } from '../../stream/stream.js';
import type { LateRecord } from '../../exec/late.js';
import type { Sink } from '../../ports.js';
import { MemoryStream } from '../../sources/memory-stream.js';
import { addData, assertOnQuery, checkAnswer, checkNewAnswer, expectFailure, testStream } from '../../testing/index.js';
import { runWithRestart } from '../state/support/restart-harness.js';
import { exampleRegions, min, tx, type Tx } from './pattern-test-kit.js';
import { pattern, type PatternMatch } from './pattern.js';
import { alerts, transactions } from './examples/card-testing.js';

describe('pattern: the card-testing example of the docs', () => {
  it('README shows exactly examples/card-testing.ts', () => {
    const { file, readme } = exampleRegions('card-testing');
    expect(file.length).toBeGreaterThan(100);
    expect(readme).toBe(file);
  });

  it('alerts on a probe followed by a big charge within 10 minutes, per card', async () => {
    await testStream(alerts, 'append')(
      addData(transactions, tx('c1', 0, 1), tx('c2', 0, 900), tx('c1', 3, 40), tx('c1', 5, 750)),
      checkNewAnswer(), // nothing until the watermark passes the rows
      addData(transactions, tx('c3', 6, 10)), // watermark -> 5:30: releases everything above
      checkNewAnswer({ cardId: 'c1', probe: 1, hit: 750, at: min(5) }),
      addData(transactions, tx('c2', 7, 0.5), tx('c2', 18, 600), tx('c3', 30, 10)), // c2's hit is 11 minutes after its probe
      checkNewAnswer(),
    );
  });
});

describe('pattern semantics', () => {
  const run = (p: ReturnType<typeof pattern<Tx>>, opts: { emitTimeouts?: boolean } = {}) => {
    const input = new MemoryStream<Tx>();
    const q = input
      .toStream()
      .withWatermark('ts', 0)
      .groupByKey((t) => t.cardId)
      .pattern(p as never, opts)
      .map((m: { key: unknown; events: Record<string, Tx[]>; timedOut: boolean }) => ({
        key: m.key,
        timedOut: m.timedOut,
        amounts: Object.fromEntries(Object.entries(m.events).map(([k, v]) => [k, v.map((x) => x.amount)])),
      }));
    return { input, q };
  };

  it('followedBy skips non-matching events; every probe starts its own match (noSkip)', async () => {
    const { input, q } = run(
      pattern<Tx>()
        .begin('a', (t) => t.amount < 2)
        .followedBy('b', (t) => t.amount > 500),
    );
    await testStream(q, 'append')(
      addData(input, tx('k', 1, 1), tx('k', 2, 1.5), tx('k', 3, 50), tx('k', 4, 600), tx('k', 9, 0)),
      checkAnswer({ key: 'k', timedOut: false, amounts: { a: [1], b: [600] } }, { key: 'k', timedOut: false, amounts: { a: [1.5], b: [600] } }),
    );
  });

  it('next is strict: the very next event of the key must match', async () => {
    const { input, q } = run(
      pattern<Tx>()
        .begin('a', (t) => t.amount < 2)
        .next('b', (t) => t.amount > 500),
    );
    await testStream(q, 'append')(
      addData(input, tx('k', 1, 1), tx('k', 2, 50), tx('k', 3, 600), tx('k', 4, 1), tx('k', 5, 700), tx('j', 6, 1), tx('z', 9, 0)),
      checkAnswer({ key: 'k', timedOut: false, amounts: { a: [1], b: [700] } }),
    );
  });

  it('times(n) needs n matching events; events are matched in event-time order across batches', async () => {
    const { input, q } = run(
      pattern<Tx>()
        .begin('small', (t) => t.amount < 2)
        .times(3)
        .followedBy('big', (t) => t.amount > 500),
    );
    await testStream(q, 'append')(
      addData(input, tx('k', 3, 1), tx('k', 1, 1)),
      addData(input, tx('k', 2, 1), tx('k', 4, 900)), // minute 2 arrives after 3 but is matched before it
      addData(input, tx('z', 10, 0)),
      checkAnswer({ key: 'k', timedOut: false, amounts: { small: [1, 1, 1], big: [900] } }),
    );
  });

  it('within: partial matches expire by watermark and can be emitted as timed out', async () => {
    const { input, q } = run(
      pattern<Tx>()
        .begin('a', (t) => t.amount < 2)
        .followedBy('b', (t) => t.amount > 500)
        .within('10 minutes'),
      { emitTimeouts: true },
    );
    await testStream(q, 'append')(
      addData(input, tx('k', 0, 1), tx('k', 11, 900)),
      addData(input, tx('z', 12, 5)),
      checkNewAnswer({ key: 'k', timedOut: true, amounts: { a: [1], b: [] } }),
      assertOnQuery((q2) => q2.lastProgress?.stateOperators[0]?.numRowsTotal === 0, 'no state left'),
    );
  });

  it('late rows go to the late side output; a pattern needs a watermark', async () => {
    const input = new MemoryStream<Tx>();
    const late: LateRecord[] = [];
    const lateSink: Sink<LateRecord<Tx>> = { description: 'late', addBatch: (rows) => void late.push(...rows) };
    const p = pattern<Tx>().begin('a', (t) => t.amount < 2);
    const q = input
      .toStream()
      .withWatermark('ts', '1 minute', { late: lateSink })
      .groupByKey((t) => t.cardId)
      .pattern(p);
    await testStream(q, 'append')(addData(input, tx('k', 10, 5)), checkNewAnswer(), addData(input, tx('k', 8, 1)), checkNewAnswer());
    expect(late).toEqual([{ row: tx('k', 8, 1), eventTimeMs: min(8), watermarkMs: min(9), lateByMs: 60_000, operator: 'pattern' }]);
    await testStream(
      input
        .toStream()
        .groupByKey((t) => t.cardId)
        .pattern(p),
      'append',
    )(expectFailure({ code: 'PATTERN_NEEDS_WATERMARK' }));
  });

  it('rejects malformed patterns when they are built', () => {
    expect(() => pattern<Tx>().followedBy('x', () => true)).toThrow(expect.objectContaining({ code: 'BAD_PATTERN' }));
    expect(() =>
      pattern<Tx>()
        .begin('x', () => true)
        .next('x', () => true),
    ).toThrow(expect.objectContaining({ code: 'BAD_PATTERN' }));
    expect(() =>
      pattern<Tx>()
        .begin('x', () => true)
        .times(0),
    ).toThrow(expect.objectContaining({ code: 'BAD_PATTERN' }));
    expect(() =>
      pattern<Tx>()
        .begin('x', () => true)
        .within('0 seconds'),
    ).toThrow(expect.objectContaining({ code: 'BAD_PATTERN' }));
  });
});

describe('pattern snapshot/restore', () => {
  it('buffered events and partial matches survive a restart: same output as an uninterrupted run', async () => {
    const p = pattern<Tx>()
      .begin('a', (t) => t.amount < 2)
      .followedBy('b', (t) => t.amount > 100)
      .next('c', (t) => t.amount > 100)
      .within('20 minutes');
    const build = (input: MemoryStream<Tx>) =>
      input
        .toStream()
        .withWatermark('ts', '2 minutes')
        .groupByKey((t) => t.cardId)
        .pattern(p, { emitTimeouts: true });
    const steps = [
      [tx('a', 0, 1), tx('b', 1, 1), tx('a', 2, 300)],
      [tx('a', 3, 400), tx('b', 2, 150), tx('c', 4, 1)],
      [tx('b', 6, 200), tx('a', 5, 1), tx('c', 9, 600)],
      [tx('a', 8, 900), tx('a', 9, 901), tx('c', 40, 1)],
      [tx('z', 80, 0)],
    ].map((rows) => ({ add: [rows] }));
    const a = new MemoryStream<Tx>();
    const plain = await runWithRestart(build(a) as never, [a as never], steps, { outputMode: 'append' });
    for (const after of [0, 1, 2, 3]) {
      const b = new MemoryStream<Tx>();
      const restarted = await runWithRestart(build(b) as never, [b as never], steps, { outputMode: 'append', restartAfterStep: after });
      expect(restarted.batches).toEqual(plain.batches);
    }
    const rows = plain.batches.flatMap((x) => x.rows) as { timedOut: boolean }[];
    expect(rows.filter((r) => !r.timedOut).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.timedOut).length).toBeGreaterThan(0);
  });
});

describe('pattern types', () => {
  it('infers the match row type from the stage names and the key', () => {
    const s = new MemoryStream<Tx>().toStream().withWatermark('ts', '1 minute');
    const p = pattern<Tx>()
      .begin('probe', (t) => t.amount < 2)
      .followedBy('hit', (t) => t.amount > 500);
    const q = s.groupByKey((t) => t.cardId).pattern(p);
    expectTypeOf(q).toEqualTypeOf<Stream<PatternMatch<string, Tx, 'probe' | 'hit'>>>();
    expectTypeOf<PatternMatch<string, Tx, 'probe' | 'hit'>['events']>().toEqualTypeOf<{ probe: Tx[]; hit: Tx[] }>();
  });
});
