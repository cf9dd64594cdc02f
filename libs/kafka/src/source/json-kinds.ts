/**
 * Which JSON scalars a zod field can take, as a bit set: what the byte scanner of the JSON fast
 * path reads for that field, by the value's first byte. A value of another kind (or an object or
 * array) is left to the general path, so a set that is too small only costs speed, never results.
 */

/** Bits of a kind set. */
export const STRING = 1;
export const NUMBER = 2;
export const BOOLEAN = 4;
export const NULL = 8;
const SCALAR = STRING | NUMBER | BOOLEAN | NULL;

interface Def {
  type: string;
  checks?: unknown[];
  coerce?: boolean;
  innerType?: Leaf;
  in?: Leaf;
  options?: Leaf[];
  entries?: Record<string, unknown>;
  values?: unknown[];
}
/** A zod schema, seen through its definition (zod 4's `_zod.def`). */
export interface Leaf {
  _zod: { def: Def & Record<string, unknown> };
}

/**
 * The kind of a plain, unrefined `z.string()`, `z.number()` or `z.boolean()`: fields whose row
 * value is the JSON value itself, with nothing for zod to check. Undefined for anything else.
 *
 * @example
 * plainKindOf(z.number()) // NUMBER
 * plainKindOf(z.number().int()) // undefined: zod has to check it
 */
export function plainKindOf(schema: Leaf): number | undefined {
  const def = schema._zod?.def;
  if (!def || Object.keys(def).some((k) => k !== 'type' && k !== 'checks') || (def.checks && def.checks.length > 0)) return undefined;
  return def.type === 'string' ? STRING : def.type === 'number' ? NUMBER : def.type === 'boolean' ? BOOLEAN : undefined;
}

/** The kind of a JSON scalar value, 0 for values JSON cannot hold (undefined, bigint, ...). */
function kindOfValue(v: unknown): number {
  return typeof v === 'string' ? STRING : typeof v === 'number' ? NUMBER : typeof v === 'boolean' ? BOOLEAN : v === null ? NULL : 0;
}

/**
 * The JSON scalars `schema` may accept, whatever its checks, refinements and transforms (zod
 * decides those on the scanned value): 0 when it takes none (objects, arrays, dates, anything
 * unknown to this function).
 *
 * @example
 * jsonKindsOf(z.enum(['a', 'b'])) // STRING
 * jsonKindsOf(z.union([z.number().int(), z.iso.datetime()]).transform(Number)) // NUMBER | STRING
 * jsonKindsOf(z.array(z.string())) // 0
 */
export function jsonKindsOf(schema: Leaf): number {
  const def = schema._zod?.def;
  if (!def) return 0;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return def.coerce ? SCALAR : def.type === 'string' ? STRING : def.type === 'number' ? NUMBER : BOOLEAN;
    case 'template_literal':
      return STRING;
    case 'null':
      return NULL;
    case 'enum':
      return Object.values(def.entries ?? {}).reduce<number>((m, v) => m | kindOfValue(v), 0);
    case 'literal':
      return (def.values ?? []).reduce<number>((m, v) => m | kindOfValue(v), 0);
    case 'optional':
    case 'nonoptional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return def.innerType ? jsonKindsOf(def.innerType) : 0;
    case 'nullable':
      return def.innerType ? jsonKindsOf(def.innerType) | NULL : 0;
    case 'pipe':
      return def.in ? jsonKindsOf(def.in) : 0;
    case 'union':
      return (def.options ?? []).reduce<number>((m, o) => m | jsonKindsOf(o), 0);
    default:
      return 0;
  }
}
