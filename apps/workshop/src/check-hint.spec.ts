import { describe, expect, it } from 'vitest';
import { checkFailed, splitHint, withHint } from './check-hint.js';

describe("a check's own hint", () => {
  it('travels as the last line of the message and comes back out whole, several lines included', () => {
    const text = withHint('after batch 1:\n  - dog: expected count 2, got 1', 'the watermark goes first:\nwithWatermark(...)');
    expect(text).toBe('after batch 1:\n  - dog: expected count 2, got 1\n  hint: the watermark goes first:\n  withWatermark(...)');
    expect(splitHint(text)).toEqual({ message: 'after batch 1:\n  - dog: expected count 2, got 1', hint: 'the watermark goes first:\nwithWatermark(...)' });
  });

  it('is undefined when the check gave none, and the message is kept as it was', () => {
    expect(splitHint('expected 2 to be 4')).toEqual({ message: 'expected 2 to be 4', hint: undefined });
    expect(splitHint('a\n  hint: ')).toEqual({ message: 'a', hint: undefined });
  });

  it('checkFailed makes the error a check throws', () => {
    expect(splitHint(checkFailed('the query did not start', 'add a sink').message)).toEqual({ message: 'the query did not start', hint: 'add a sink' });
  });
});
