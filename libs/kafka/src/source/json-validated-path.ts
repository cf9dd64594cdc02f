/**
 * The JSON fast path for flat schemas whose fields have checks: `.min/.max/.regex/.int/...`,
 * `z.enum`, literals, unions of those, `.optional()/.nullable()/.default()`, transforms. The
 * value's bytes are scanned into the object `JSON.parse` would give (when the scanner can read it
 * exactly, else it declines), and zod validates that object: its output is the row.
 *
 * Why the row is the general path's: zod's `z.object` (without catchall) reads only its own
 * fields from its input (`input[key]`, `key in input`) and builds its output in the schema's
 * order, so an input with the same fields and values gives the same output whatever its key order,
 * and the scanned object has exactly `JSON.parse`'s fields and values (a missing field is absent
 * from both). Any validation failure declines, so the general path runs again and writes the
 * error message itself: bad records are routed exactly as before.
 */
import type { z } from 'zod';
import { flatFields, type BytesDecoder } from './json-fast-path.js';
import { jsonKindsOf } from './json-kinds.js';
import { JsonObjectScanner } from './json-object-scanner.js';

/**
 * The scan-then-validate decoder for `schema`, or `undefined` when it is not a flat object, or one
 * of its fields takes no JSON scalar (an array, a nested object, a date, `z.unknown()`...).
 *
 * @example
 * const fast = compileValidatedJsonPath(z.object({ id: z.int().positive(), kind: z.enum(['a', 'b']) }))!;
 * fast(Buffer.from('{"id":1,"kind":"a"}'), 0, 19) // { id: 1, kind: 'a' }
 * fast(Buffer.from('{"id":0,"kind":"a"}'), 0, 19) // undefined: the general path gives the error
 */
export function compileValidatedJsonPath<S extends z.ZodType>(schema: S): BytesDecoder<z.output<S>> | undefined {
  const fields = flatFields(schema);
  if (!fields) return undefined;
  const kinds = fields.keys.map((k) => jsonKindsOf(fields.shape[k]!));
  if (kinds.includes(0)) return undefined;
  const scan = new JsonObjectScanner(fields.keys, kinds, { allowMissing: true }).decoder();
  return (bytes, start, end) => {
    const candidate = scan(bytes, start, end);
    if (candidate === undefined) return undefined;
    const parsed = schema.safeParse(candidate);
    return parsed.success ? (parsed.data as z.output<S>) : undefined;
  };
}
