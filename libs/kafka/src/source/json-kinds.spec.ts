import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BOOLEAN, jsonKindsOf, NULL, NUMBER, plainKindOf, STRING, type Leaf } from './json-kinds.js';

const leaf = (s: z.ZodType) => s as unknown as Leaf;

describe('plainKindOf', () => {
  it('takes only unrefined string, number and boolean', () => {
    expect([z.string(), z.number(), z.boolean()].map((s) => plainKindOf(leaf(s)))).toEqual([STRING, NUMBER, BOOLEAN]);
    for (const s of [z.string().min(1), z.int(), z.email(), z.coerce.number(), z.enum(['a']), z.string().optional(), z.null()])
      expect(plainKindOf(leaf(s))).toBeUndefined();
  });
});

describe('jsonKindsOf', () => {
  it.each([
    ['refined string', z.string().min(1).max(3).regex(/a/), STRING],
    ['string format', z.email(), STRING],
    ['int', z.int().positive(), NUMBER],
    [
      'refined number',
      z
        .number()
        .finite()
        .refine((n) => n > 1),
      NUMBER,
    ],
    ['boolean', z.boolean(), BOOLEAN],
    ['string enum', z.enum(['a', 'b']), STRING],
    ['native enum with numbers', z.nativeEnum({ A: 1, B: 'b' } as const), STRING | NUMBER],
    ['literals', z.literal(['a', 1, true, null]), STRING | NUMBER | BOOLEAN | NULL],
    ['optional', z.string().optional(), STRING],
    ['nullable', z.number().nullable(), NUMBER | NULL],
    ['default', z.boolean().default(false), BOOLEAN],
    ['union with a date and a transform', z.union([z.number().int(), z.iso.datetime(), z.date()]).transform(String), NUMBER | STRING],
    ['coerced', z.coerce.number(), STRING | NUMBER | BOOLEAN | NULL],
    ['template literal', z.templateLiteral(['id-', z.number()]), STRING],
  ])('%s', (_, schema, kinds) => {
    expect(jsonKindsOf(leaf(schema))).toBe(kinds);
  });

  it.each([
    ['array', z.array(z.string())],
    ['object', z.object({ a: z.string() })],
    ['date', z.date()],
    ['unknown', z.unknown()],
    ['preprocess (takes anything)', z.preprocess((v) => v, z.string())],
    ['union of objects', z.union([z.object({ a: z.string() }), z.array(z.number())])],
  ])('takes no JSON scalar: %s', (_, schema) => {
    expect(jsonKindsOf(leaf(schema))).toBe(0);
  });
});
