import { MemoryStream } from '@streamlab/core';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { describe, expect, it } from 'vitest';
import { assertNoProblems, at, atMs, clockTime, compareRows, implementation, implName, QueryDriver, readTopic, win, windowName } from './checks.js';

type Count = { window: { start: number; end: number }; animal: string; count: number };
const words = { name: (r: Count) => `window ${windowName(r.window)}, animal ${r.animal}`, value: (r: Count) => r.count, valueName: 'count' };

describe('check helpers', () => {
  it('say times and windows as the learner reads them', () => {
    expect(at('12:07')).toBe('2026-01-05T12:07:00.000Z');
    expect(clockTime(atMs('12:07'))).toBe('12:07');
    expect(clockTime(atMs('12:07:30'))).toBe('12:07:30');
    expect(windowName(win('12:00', '12:10'))).toBe('12:00–12:10');
  });

  it('compareRows: a wrong count, a missing row, an unexpected row and a duplicate, one sentence each', () => {
    const w = win('12:00', '12:10');
    const expected: Count[] = [
      { window: w, animal: 'dog', count: 2 },
      { window: w, animal: 'cat', count: 1 },
      { window: w, animal: 'fox', count: 1 },
    ];
    const actual: Count[] = [
      { window: w, animal: 'dog', count: 1 },
      { window: w, animal: 'fox', count: 1 },
      { window: w, animal: 'fox', count: 1 },
      { window: w, animal: 'owl', count: 3 },
    ];
    expect(compareRows(expected, actual, words)).toEqual([
      'window 12:00–12:10, animal dog: expected count 2, got 1',
      'window 12:00–12:10, animal cat: expected count 1, got no such row',
      'window 12:00–12:10, animal fox: expected one row (count 1), got 2 rows (1, 1)',
      'window 12:00–12:10, animal owl: expected no row, got count 3',
    ]);
    expect(compareRows(expected, [...expected].reverse(), words)).toEqual([]);
  });

  it('assertNoProblems lists every problem under where it happened, with the hint', () => {
    expect(() => assertNoProblems(['a: expected count 2, got 1'], 'after input batch 1 (update mode)', 'look at the watermark')).toThrow(
      'after input batch 1 (update mode):\n  - a: expected count 2, got 1\n  hint: look at the watermark',
    );
    expect(() => assertNoProblems([], 'anywhere', 'never shown')).not.toThrow();
  });

  it('implementation loads exercise.ts by default and solution.ts with WORKSHOP_IMPL=solution', async () => {
    expect(implName({})).toBe('exercise');
    expect(implName({ WORKSHOP_IMPL: 'solution' })).toBe('solution');
    expect(() => implName({ WORKSHOP_IMPL: 'answers' })).toThrow(/WORKSHOP_IMPL must be/);
    const step = new URL('../steps/00-example-1/check.spec.ts', import.meta.url).href;
    const solution = await implementation<{ predictedTables: object[] }>(step, { WORKSHOP_IMPL: 'solution' });
    const exercise = await implementation<{ predictedTables: object[] }>(step, { WORKSHOP_IMPL: 'exercise' });
    expect(solution.predictedTables).not.toEqual(exercise.predictedTables);
  });

  it('QueryDriver returns what each input step emitted; a query that cannot start says why', async () => {
    const s = new MemoryStream<{ animal: string }>();
    const d = QueryDriver.start(s.toStream().groupBy('animal').count(), 'update');
    expect(await d.step(() => s.addData([{ animal: 'dog' }, { animal: 'dog' }]))).toEqual([{ animal: 'dog', count: 2 }]);
    expect(await d.step(() => s.addData([{ animal: 'cat' }]))).toEqual([{ animal: 'cat', count: 1 }]);
    await d.stop();
    expect(() => QueryDriver.start(s.toStream().groupBy('animal').count(), 'append')).toThrow(/did not start in append mode/);
  });

  it('readTopic reads every partition, and under read_committed hides aborted transactions', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await kafka.admin.createTopics([{ topic: 't', partitions: 2 }]);
    await kafka.producer().send([
      { topic: 't', key: 'a', value: '1', partition: 0 },
      { topic: 't', key: 'b', value: '2', partition: 1 },
    ]);
    const txp = kafka.producer({ transactionalId: 'tx' });
    const tx = await txp.transaction();
    await tx.send([{ topic: 't', key: 'c', value: '3', partition: 0 }]);
    await tx.abort();
    expect((await readTopic(kafka, 't', 'read_committed')).map((r) => r.value)).toEqual(['1', '2']);
    expect(await readTopic(kafka, 'missing')).toEqual([]);
    await kafka.close();
  });
});
