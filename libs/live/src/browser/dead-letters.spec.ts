import { describe, expect, it } from 'vitest';
import { deadLetterCount, newestDeadLetters } from './dead-letters.js';

const row = (time: number, count: number) => ({ id: `0-${count}`, reason: 'malformed JSON', text: '{"x":', time, count });

describe('dead-letter view', () => {
  it('counts the records dead-lettered so far: the highest running count, 0 before any', () => {
    expect(deadLetterCount({ table: { rows: () => [row(10, 3), row(30, 5), row(20, 4)] } })).toBe(5);
    expect(deadLetterCount({ table: { rows: () => [] } })).toBe(0);
  });

  it('shows the newest first, at most max', () => {
    expect(newestDeadLetters([row(10, 1), row(30, 3), row(20, 2)], 2).map((r) => r.count)).toEqual([3, 2]);
  });
});
