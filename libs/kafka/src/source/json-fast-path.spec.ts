import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileJsonFastPath } from './json-fast-path.js';

const Event = z.object({ id: z.number(), key: z.string(), ok: z.boolean(), amount: z.number(), note: z.string() });
const fast = compileJsonFastPath(Event)!;

/** What the general path (JSON.parse + zod) gives for `text`, or undefined when it rejects it. */
function general(text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = Event.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** Same keys in the same order, same values (Object.is: -0 is not 0). */
function sameRow(a: unknown, b: unknown): boolean {
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function decodeBytes(text: string, pad = 0): unknown {
  const bytes = Buffer.concat([Buffer.alloc(pad, 0x7b), Buffer.from(text), Buffer.alloc(pad, 0x22)]);
  return fast(bytes, pad, bytes.length - pad);
}

const num = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 0.1, 12.34, 1e21, 5e-324, 123456789012345.6));
const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'key-1', 'a"b', 'a\\b', 'tab\tin', 'é', '\u007f'));
const value = fc.oneof(num, str, fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.constant({ a: 1 }));

/** A JSON text close to the schema: the right fields with random values, some missing, extra, repeated or reordered, odd spacing. */
const nearlyEvent = fc
  .record({
    fields: fc.array(fc.tuple(fc.constantFrom('id', 'key', 'ok', 'amount', 'note', 'extra', '__proto__', 'i'), value), { minLength: 0, maxLength: 7 }),
    typed: fc.record({ id: num, key: str, ok: fc.boolean(), amount: num, note: str }),
    useTyped: fc.boolean(),
    space: fc.constantFrom('', ' ', '\n\t', '\r '),
    shuffle: fc.boolean(),
  })
  .map(({ fields, typed, useTyped, space, shuffle }) => {
    const entries: [string, unknown][] = useTyped ? Object.entries(typed) : fields;
    if (shuffle) entries.reverse();
    return `${space}{${entries.map(([k, v]) => `${space}${JSON.stringify(k)}${space}:${space}${JSON.stringify(v)}`).join(`,${space}`)}}${space}`;
  });

describe('compileJsonFastPath', () => {
  it('decodes a typical record into the same row as JSON.parse + zod, keys in the schema order', () => {
    const text = '{"note":"x","amount":12.5,"ok":true,"key":"key-7","id":42}';
    const row = decodeBytes(text);
    expect(row).toEqual({ id: 42, key: 'key-7', ok: true, amount: 12.5, note: 'x' });
    expect(sameRow(row, general(text))).toBe(true);
  });

  it('agrees with the general path on generated texts: same row, or no answer', () => {
    let answered = 0;
    fc.assert(
      fc.property(nearlyEvent, fc.nat(3), (text, pad) => {
        const row = decodeBytes(text, pad);
        if (row === undefined) return true;
        answered++;
        const expected = general(text);
        return expected !== undefined && sameRow(row, expected);
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(20); // the fast path is taken, not always declined
  });

  it('agrees on numbers: exact values only, anything else left to the general path', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.stringMatching(/^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,8})?$/)),
        (n) => {
          const text = `{"id":${typeof n === 'string' ? n : JSON.stringify(n)},"key":"k","ok":false,"amount":0,"note":""}`;
          const row = decodeBytes(text) as { id: number } | undefined;
          return row === undefined || Object.is(row.id, (general(text) as { id: number }).id);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['{"id":1,"key":"k","ok":true,"amount":1}', 'a missing field'],
    ['{"id":1,"id":2,"key":"k","ok":true,"amount":1,"note":""}', 'a repeated field'],
    ['{"id":1,"key":"k","ok":true,"amount":1,"note":"","x":0}', 'an unknown field'],
    ['{"id":01,"key":"k","ok":true,"amount":1,"note":""}', 'a leading zero'],
    ['{"id":1e3,"key":"k","ok":true,"amount":1,"note":""}', 'an exponent'],
    ['{"id":1,"key":"k\\n","ok":true,"amount":1,"note":""}', 'an escape'],
    ['{"id":1,"key":"é","ok":true,"amount":1,"note":""}', 'non-ASCII text'],
    ['{"id":1,"key":"k","ok":true,"amount":1,"note":""},', 'trailing bytes'],
    ['{"id":1,"key":"k","ok":true,"amount":1,"note":"', 'a truncated value'],
  ])('declines %s (%s)', (text) => {
    expect(decodeBytes(text)).toBeUndefined();
  });

  it('never reads past the end it is given, even when the bytes after it would complete the value', () => {
    const text = '{"id":1,"key":"k","ok":true,"amount":12,"note":"x"}';
    const bytes = Buffer.from(text + text);
    expect(fast(bytes, 0, text.length)).toEqual({ id: 1, key: 'k', ok: true, amount: 12, note: 'x' });
    for (let cut = 1; cut < text.length; cut++) expect(fast(bytes, 0, text.length - cut)).toBeUndefined();
    const digitAfterEnd = Buffer.from('{"id":7');
    expect(fast(digitAfterEnd, 0, 6)).toBeUndefined();
  });

  it('only compiles flat objects of plain string, number and boolean fields', () => {
    expect(compileJsonFastPath(z.object({ a: z.string().min(1) }))).toBeUndefined();
    expect(compileJsonFastPath(z.object({ a: z.int() }))).toBeUndefined();
    expect(compileJsonFastPath(z.object({ a: z.string().optional() }))).toBeUndefined();
    expect(compileJsonFastPath(z.object({ a: z.object({ b: z.number() }) }))).toBeUndefined();
    expect(compileJsonFastPath(z.object({ a: z.number() }).refine(() => true))).toBeUndefined();
    expect(compileJsonFastPath(z.strictObject({ a: z.number() }))).toBeUndefined();
    expect(compileJsonFastPath(z.object({ ['__proto__']: z.number() }))).toBeUndefined();
    expect(compileJsonFastPath(z.array(z.number()))).toBeUndefined();
    expect(compileJsonFastPath(z.object({ a: z.number(), b: z.string(), c: z.boolean() }))).toBeTypeOf('function');
  });

  it('returns repeated short strings as equal values whatever the cache holds', () => {
    const texts = Array.from({ length: 20_000 }, (_, i) => `{"id":${i},"key":"key-${i % 5000}","ok":true,"amount":0,"note":"n${i % 3}"}`);
    for (const text of texts) expect(sameRow(decodeBytes(text), general(text))).toBe(true);
  });
});
