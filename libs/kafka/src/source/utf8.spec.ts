import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, isUtf8 } from './utf8.js';

describe('firstInvalidUtf8', () => {
  it.each([
    [[0x61, 0x62], -1],
    [[0x61, 0xc3], 1],
    [[0xc3, 0xa9, 0xff], 2],
    [[0xc0, 0xaf], 0],
    [[0xe0, 0x80, 0xaf], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0xf0, 0x9f, 0x98, 0x80], -1],
    [[0x61, 0xe2, 0x9c], 1],
  ])('%j → %i', (bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });

  it('agrees with Node isUtf8 and a fatal TextDecoder on arbitrary bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        fatal.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 24 }),
          fc.string({ unit: 'binary' }).map((s) => new Uint8Array(Buffer.from(s))),
        ),
        (bytes) => {
          const at = firstInvalidUtf8(bytes);
          expect(at === -1).toBe(valid(bytes));
          expect(at === -1).toBe(isUtf8(bytes));
          if (at > 0) expect(valid(bytes.subarray(0, at))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
