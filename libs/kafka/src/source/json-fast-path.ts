/**
 * A fast path for `decodeJson`: for a flat `z.object` of plain `z.string()`, `z.number()` and
 * `z.boolean()` fields (the usual event schema), the value's bytes are scanned once and the row is
 * built directly, without the Buffer -> string -> JSON.parse -> zod copy chain.
 *
 * It only ever answers "this row" or "don't know": it accepts a strict subset of JSON (ASCII
 * strings without escapes, numbers that convert exactly, every field present once, no unknown
 * keys) for which its row is exactly what `JSON.parse` + `schema.safeParse` give (same keys in the
 * schema's order, same values). Everything else returns `undefined` and the caller takes the
 * general path, which also produces every error message, so bad records are routed the same way.
 * The scanning is `json-object-scanner.ts`; fields with checks are `json-validated-path.ts`.
 */
import type { z } from 'zod';
import { plainKindOf, type Leaf } from './json-kinds.js';
import { JsonObjectScanner } from './json-object-scanner.js';

/** Decodes the JSON value in `bytes[start, end)`, or `undefined` when the general path must decide. */
export type BytesDecoder<T> = (bytes: Uint8Array, start: number, end: number) => T | undefined;

/** A safe key: printable ASCII without `"` or `\` (so its JSON form is itself), and not `__proto__`. */
function plainKey(key: string): boolean {
  if (key === '__proto__' || key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * The fields of `schema` when it is a flat `z.object` the scanner can serve: no catchall (zod strips
 * unknown keys and reads nothing but its own fields), no object-level checks, 1 to 64 fields with
 * plain keys. Undefined otherwise.
 *
 * @example
 * flatFields(z.object({ id: z.number() })) // { keys: ['id'], shape: { id: ZodNumber } }
 * flatFields(z.strictObject({ id: z.number() })) // undefined
 */
export function flatFields(schema: z.ZodType): { keys: string[]; shape: Record<string, Leaf> } | undefined {
  const def = (schema as unknown as Leaf)._zod?.def;
  if (def?.type !== 'object' || Object.keys(def).some((k) => k !== 'type' && k !== 'shape')) return undefined;
  const shape = def['shape'] as Record<string, Leaf>;
  const keys = Object.keys(shape);
  if (keys.length === 0 || keys.length > 64 || !keys.every(plainKey)) return undefined;
  return { keys, shape };
}

/**
 * The byte-level decoder for `schema`, or `undefined` when the schema is not a flat object of
 * plain string/number/boolean fields (then `compileValidatedJsonPath` may still serve it).
 *
 * @example
 * const fast = compileJsonFastPath(z.object({ id: z.number(), name: z.string() }))!;
 * fast(Buffer.from('{"id":1,"name":"a"}'), 0, 19) // { id: 1, name: 'a' }
 */
export function compileJsonFastPath<S extends z.ZodType>(schema: S): BytesDecoder<z.infer<S>> | undefined {
  const fields = flatFields(schema);
  if (!fields) return undefined;
  const kinds: number[] = [];
  for (const k of fields.keys) {
    const kind = plainKindOf(fields.shape[k]!);
    if (kind === undefined) return undefined;
    kinds.push(kind);
  }
  return new JsonObjectScanner(fields.keys, kinds).decoder() as BytesDecoder<z.infer<S>>;
}
