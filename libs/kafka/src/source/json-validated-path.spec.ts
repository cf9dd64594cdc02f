import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { KafkaRecord } from '../port.js';
import { bytesDecoderOf, decodeJson } from './decode.js';
import { compileValidatedJsonPath } from './json-validated-path.js';

/** Refined fields of every supported kind: int, min/max, regex, enums, literals, optional, nullable, default, a union + transform. */
const Refined = z.object({
  id: z.int().nonnegative(),
  name: z.string().min(2).max(8),
  code: z.string().regex(/^[A-Z]{2}$/),
  kind: z.enum(['a', 'b', 'c']),
  amount: z.number().positive().max(1000),
  flag: z.boolean(),
  note: z.string().max(5).optional(),
  ref: z.string().nullable(),
  level: z.literal([1, 2, 3]).default(1),
  at: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]).transform((v) => (typeof v === 'number' ? v : Date.parse(v))),
});
const fast = compileValidatedJsonPath(Refined)!;

/** What the general path (JSON.parse + zod) gives for `text`. */
function general(text: string): { ok: true; row: unknown } | { ok: false } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  const parsed = Refined.safeParse(json);
  return parsed.success ? { ok: true, row: parsed.data } : { ok: false };
}

/** Same keys in the same order, same values (Object.is: -0 is not 0). */
function sameRow(a: unknown, b: unknown): boolean {
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const record = (value: string): KafkaRecord => ({
  key: null,
  value: Buffer.from(value),
  topic: 't',
  partition: 0,
  offset: 0,
  timestamp: 0,
  timestampType: 0,
  headers: [],
});

const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({ a: 1 }),
  fc.constantFrom(1e21, 'é', 'a\\b', '\n'),
);
/** Mostly values of the field's type, valid or just outside its checks, sometimes anything. */
const mostly = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: arb, weight: 6 }, { arbitrary: junk, weight: 1 });
const fields = {
  id: mostly(fc.oneof(fc.nat(1_000_000), fc.integer({ min: -5, max: 5 }), fc.constantFrom(1.5, -0, 0, 2 ** 53, 123456789012345680))),
  name: mostly(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('ab', 'abcdefgh', 'abcdefghi', 'é!', 'a"b'))),
  code: mostly(fc.oneof(fc.stringMatching(/^[A-Z]{2}$/), fc.constantFrom('fr', 'FRA', 'F', 'F\u00c9'))),
  kind: mostly(fc.constantFrom('a', 'b', 'c', 'd', 'A', '')),
  amount: mostly(fc.oneof(fc.double({ min: -10, max: 2000, noNaN: true }), fc.constantFrom(0, -0, 1000, 1000.01, 0.001, 12.5))),
  flag: mostly(fc.boolean()),
  note: mostly(fc.string({ maxLength: 7 })),
  ref: mostly(fc.oneof(fc.string({ maxLength: 4 }), fc.constant(null))),
  level: mostly(fc.constantFrom(1, 2, 3, 4, 0, '1')),
  at: mostly(fc.oneof(fc.nat(), fc.constantFrom('2024-01-02T03:04:05Z', '2024-01-02T03:04:05.250+01:00', '2024-13-02T03:04:05Z', 'yesterday', -1, 1.5))),
};
const KEYS = Object.keys(fields);
/** Values each field accepts. */
const valid = {
  id: fc.oneof(fc.nat(), fc.constant(-0)),
  name: fc.oneof({ arbitrary: fc.stringMatching(/^[a-zA-Z0-9 -]{2,8}$/), weight: 4 }, fc.stringMatching(/^[ -~]{2,8}$/)),
  code: fc.stringMatching(/^[A-Z]{2}$/),
  kind: fc.constantFrom('a', 'b', 'c'),
  amount: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100), weight: 4 },
    fc.double({ min: 0.01, max: 1000, noNaN: true }),
    fc.constantFrom(1000, 0.1, 999.99),
  ),
  flag: fc.boolean(),
  note: fc.stringMatching(/^[a-z]{0,5}$/),
  ref: fc.oneof(fc.stringMatching(/^[a-z]{0,4}$/), fc.string({ maxLength: 4 }), fc.constant(null)),
  level: fc.constantFrom(1, 2, 3),
  at: fc.oneof(fc.nat(), fc.constantFrom('2024-01-02T03:04:05Z', '2024-01-02T03:04:05.250+01:00')),
};

/** `arb` one time in six, else undefined. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: arb, weight: 1 });

/** A JSON text near the schema: fields valid or not, some dropped, extra, repeated or reordered, odd spacing. */
const nearlyRefined = fc
  .record({
    good: fc.record(valid),
    near: fc.record(fields),
    // per field: the near value (possibly invalid) one time in eight, else a valid one
    pick: fc.array(fc.nat(7), { minLength: KEYS.length, maxLength: KEYS.length }),
    drop: rarely(fc.constantFrom(...KEYS)),
    extra: rarely(fc.constantFrom<[string, unknown]>(['x', 1], ['id', 7], ['__proto__', 1], ['kind', 'a'])),
    space: fc.constantFrom('', '', '', ' ', '\n\t'),
    shuffle: fc.boolean(),
  })
  .map(({ good, near, pick, drop, extra, space, shuffle }) => {
    const row: Record<string, unknown> = good;
    const entries: [string, unknown][] = KEYS.filter((k) => k !== drop).map((k, i) => [k, pick[i] === 0 ? (near as Record<string, unknown>)[k] : row[k]]);
    if (extra) entries.push(extra);
    if (shuffle) entries.reverse();
    return `${space}{${entries.map(([k, v]) => `${space}${JSON.stringify(k)}${space}:${space}${JSON.stringify(v)}`).join(`,${space}`)}}${space}`;
  });

describe('compileValidatedJsonPath', () => {
  it('agrees with JSON.parse + safeParse on generated valid and invalid texts: the same row, or no answer', () => {
    let answered = 0;
    let rejected = 0;
    fc.assert(
      fc.property(nearlyRefined, fc.nat(3), (text, pad) => {
        const bytes = Buffer.concat([Buffer.alloc(pad, 0x7b), Buffer.from(text), Buffer.alloc(pad, 0x22)]);
        const row = fast(bytes, pad, bytes.length - pad);
        const expected = general(text);
        if (!expected.ok) rejected++;
        if (row === undefined) return true;
        answered++;
        return expected.ok && sameRow(row, expected.row);
      }),
      { numRuns: 4000 },
    );
    // both sides are exercised: rows the fast path gives, and records zod rejects
    expect(answered).toBeGreaterThan(800);
    expect(rejected).toBeGreaterThan(1000);
  });

  it('gives decodeJson the same results and error messages as the general path', () => {
    const decode = decodeJson(Refined, { maxBytes: 400 });
    // the same schema behind a preprocess step: no fast path, JSON.parse + zod only
    const generalPath = decodeJson(
      z.preprocess((v) => v, Refined),
      { maxBytes: 400 },
    );
    expect(bytesDecoderOf(decode)).toBeTypeOf('function');
    expect(bytesDecoderOf(generalPath)).toBeUndefined();
    fc.assert(
      fc.property(nearlyRefined, (text) => {
        const got = decode(record(text));
        const want = generalPath(record(text));
        expect(got).toEqual(want);
        if (got.ok && want.ok) expect(Object.keys(got.value)).toEqual(Object.keys(want.value));
      }),
      { numRuns: 2000 },
    );
  });

  it('validates the scanned row with zod: transforms apply, a missing optional field stays absent, a default is filled in', () => {
    const text = '{"id":7,"name":"abc","code":"FR","kind":"b","amount":12.5,"flag":true,"ref":null,"at":"2024-01-02T03:04:05Z"}';
    const row = fast(Buffer.from(text), 0, text.length);
    expect(row).toEqual({ id: 7, name: 'abc', code: 'FR', kind: 'b', amount: 12.5, flag: true, ref: null, level: 1, at: Date.parse('2024-01-02T03:04:05Z') });
    expect(row && 'note' in row).toBe(false);
    expect(sameRow(row, (general(text) as { row: unknown }).row)).toBe(true);
  });

  it.each([
    ['{"id":-1,"name":"abc","code":"FR","kind":"b","amount":1,"flag":true,"ref":null,"at":1}', 'id'],
    ['{"id":1.5,"name":"abc","code":"FR","kind":"b","amount":1,"flag":true,"ref":null,"at":1}', 'id'],
    ['{"id":1,"name":"a","code":"FR","kind":"b","amount":1,"flag":true,"ref":null,"at":1}', 'name'],
    ['{"id":1,"name":"abc","code":"fr","kind":"b","amount":1,"flag":true,"ref":null,"at":1}', 'code'],
    ['{"id":1,"name":"abc","code":"FR","kind":"z","amount":1,"flag":true,"ref":null,"at":1}', 'kind'],
    ['{"id":1,"name":"abc","code":"FR","kind":"b","amount":0,"flag":true,"ref":null,"at":1}', 'amount'],
    ['{"id":1,"name":"abc","code":"FR","kind":"b","amount":1,"flag":true,"at":1}', 'ref'],
    ['{"id":1,"name":"abc","code":"FR","kind":"b","amount":1,"flag":true,"ref":null,"at":"soon"}', 'at'],
  ])('declines %s so the general path reports it (invalid at %s)', (text, field) => {
    expect(fast(Buffer.from(text), 0, text.length)).toBeUndefined();
    const result = decodeJson(Refined)(record(text));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(new RegExp(`^invalid at ${field}: `));
    expect(result).toEqual(decodeJson(z.preprocess((v) => v, Refined))(record(text)));
  });

  it('is used only for schemas with checks: plain schemas keep the unvalidated scan', () => {
    const Plain = z.object({ id: z.number(), name: z.string() });
    const plainParse = vi.spyOn(Plain, 'safeParse');
    const refinedParse = vi.spyOn(Refined, 'safeParse');
    const text = '{"id":1,"name":"abc"}';
    expect(bytesDecoderOf(decodeJson(Plain))!(Buffer.from(text), 0, text.length)).toEqual({ id: 1, name: 'abc' });
    expect(plainParse).not.toHaveBeenCalled();
    const refined = '{"id":1,"name":"abc","code":"FR","kind":"b","amount":1,"flag":true,"ref":null,"at":1}';
    expect(bytesDecoderOf(decodeJson(Refined))!(Buffer.from(refined), 0, refined.length)).toMatchObject({ id: 1 });
    expect(refinedParse).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });

  it('compiles only flat objects without catchall or object checks, whose fields all take JSON scalars', () => {
    expect(compileValidatedJsonPath(z.object({ a: z.array(z.string()) }))).toBeUndefined();
    expect(compileValidatedJsonPath(z.object({ a: z.object({ b: z.number() }) }))).toBeUndefined();
    expect(compileValidatedJsonPath(z.object({ a: z.date() }))).toBeUndefined();
    expect(compileValidatedJsonPath(z.object({ a: z.unknown() }))).toBeUndefined();
    expect(compileValidatedJsonPath(z.strictObject({ a: z.int() }))).toBeUndefined();
    expect(compileValidatedJsonPath(z.looseObject({ a: z.int() }))).toBeUndefined();
    expect(compileValidatedJsonPath(z.object({ a: z.int() }).refine(() => true))).toBeUndefined();
    expect(compileValidatedJsonPath(z.preprocess((v) => v, z.object({ a: z.int() })))).toBeUndefined();
    expect(compileValidatedJsonPath(z.object({ ['__proto__']: z.int() }))).toBeUndefined();
    expect(compileValidatedJsonPath(z.object({ a: z.int(), b: z.enum(['x']), c: z.string().nullable() }))).toBeTypeOf('function');
  });
});
