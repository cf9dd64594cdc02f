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
 * Compact JSON with the fields in schema order is tried first by generated code
 * (`json-compact-path.ts`); this scanner handles any field order and whitespace.
 */
import type { z } from 'zod';
import { compileCompactObject } from './json-compact-path.js';

/** Decodes the JSON value in `bytes[start, end)`, or `undefined` when the general path must decide. */
export type BytesDecoder<T> = (bytes: Uint8Array, start: number, end: number) => T | undefined;

type Kind = 0 | 1 | 2; // string, number, boolean
const STRING: Kind = 0;
const NUMBER: Kind = 1;
const BOOLEAN: Kind = 2;

/** 10^k for k <= 22: exactly representable, so `mantissa / 10^k` is correctly rounded (Clinger's fast path). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Strings up to this many bytes are interned: repeated values (keys, names, codes) share one string. */
const INTERN_MAX = 48;
const INTERN_SLOTS = 4096;

interface Latin1 {
  latin1Slice(start: number, end: number): string;
}
const latin1Slice = (Buffer.prototype as unknown as Latin1).latin1Slice;

interface Leaf {
  _zod: { def: Record<string, unknown> & { type: string; checks?: unknown[] } };
}

/** The field kind of a plain, unrefined zod leaf, or undefined. */
function kindOf(schema: Leaf): Kind | undefined {
  const def = schema._zod?.def;
  if (!def || Object.keys(def).some((k) => k !== 'type' && k !== 'checks') || (def.checks && def.checks.length > 0)) return undefined;
  return def.type === 'string' ? STRING : def.type === 'number' ? NUMBER : def.type === 'boolean' ? BOOLEAN : undefined;
}

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
 * The byte-level decoder for `schema`, or `undefined` when the schema is not a flat object of
 * plain string/number/boolean fields (then only the general path is used).
 *
 * @example
 * const fast = compileJsonFastPath(z.object({ id: z.number(), name: z.string() }))!;
 * fast(Buffer.from('{"id":1,"name":"a"}'), 0, 19) // { id: 1, name: 'a' }
 */
export function compileJsonFastPath<S extends z.ZodType>(schema: S): BytesDecoder<z.infer<S>> | undefined {
  const def = (schema as unknown as Leaf)._zod?.def;
  if (!def || def.type !== 'object' || Object.keys(def).some((k) => k !== 'type' && k !== 'shape')) return undefined;
  const shape = def['shape'] as Record<string, Leaf>;
  const keys = Object.keys(shape);
  if (keys.length === 0 || keys.length > 64) return undefined;
  const kinds: Kind[] = [];
  for (const k of keys) {
    const kind = plainKey(k) ? kindOf(shape[k]!) : undefined;
    if (kind === undefined) return undefined;
    kinds.push(kind);
  }
  return new JsonObjectScanner(keys, kinds).decoder() as BytesDecoder<z.infer<S>>;
}

class JsonObjectScanner {
  private readonly keyBytes: Uint8Array[];
  private readonly values: unknown[];
  private readonly seen: Int32Array;
  private stamp = 0;
  /** Where the last scanned token ended. */
  pos = 0;
  private readonly build: (v: unknown[]) => object;
  private readonly internHash = new Int32Array(INTERN_SLOTS);
  private readonly internStr: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

  constructor(
    private readonly keys: string[],
    private readonly kinds: Kind[],
  ) {
    this.keyBytes = keys.map((k) => Buffer.from(k, 'latin1'));
    this.values = new Array<unknown>(keys.length).fill(undefined);
    this.seen = new Int32Array(keys.length);
    // One object literal per row, keys in the schema's order (as zod builds its output): one hidden class.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    this.build = new Function('v', `return { ${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')} };`) as (v: unknown[]) => object;
  }

  decoder(): BytesDecoder<object> {
    const compact = compileCompactObject(this.keys, this.kinds, this);
    return (bytes, start, end) => compact(bytes, start, end) ?? this.scan(bytes, start, end);
  }

  private scan(b: Uint8Array, start: number, end: number): object | undefined {
    const n = this.keys.length;
    const stamp = ++this.stamp;
    let i = skipWs(b, start, end);
    if (i >= end || b[i] !== 0x7b) return undefined; // {
    i++;
    let found = 0;
    let expect = 0;
    for (;;) {
      i = skipWs(b, i, end);
      if (i >= end || b[i] !== 0x22) return undefined;
      i++;
      const k = this.matchKey(b, i, end, expect < n ? expect : 0);
      if (k < 0 || this.seen[k] === stamp) return undefined;
      this.seen[k] = stamp;
      found++;
      expect = k + 1;
      i = skipWs(b, i + this.keyBytes[k]!.length + 1, end);
      if (i >= end || b[i] !== 0x3a) return undefined; // :
      i = skipWs(b, i + 1, end);
      const kind = this.kinds[k];
      let v: unknown;
      if (kind === STRING) v = b[i] === 0x22 ? this.string(b, i + 1, end) : undefined;
      else if (kind === NUMBER) v = this.number(b, i, end);
      else v = this.boolean(b, i, end);
      if (v === undefined) return undefined;
      this.values[k] = v;
      i = skipWs(b, this.pos, end);
      if (i >= end) return undefined;
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      if (b[i] !== 0x7d) return undefined; // }
      i = skipWs(b, i + 1, end);
      break;
    }
    if (i !== end || found !== n) return undefined;
    return this.build(this.values);
  }

  /** The index of the key starting at `i` (followed by its closing quote), trying `first` before the others. */
  private matchKey(b: Uint8Array, i: number, end: number, first: number): number {
    if (this.keyAt(b, i, end, first)) return first;
    for (let k = 0; k < this.keyBytes.length; k++) if (k !== first && this.keyAt(b, i, end, k)) return k;
    return -1;
  }

  private keyAt(b: Uint8Array, i: number, end: number, k: number): boolean {
    const kb = this.keyBytes[k]!;
    const len = kb.length;
    if (i + len >= end || b[i + len] !== 0x22) return false;
    for (let j = 0; j < len; j++) if (b[i + j] !== kb[j]) return false;
    return true;
  }

  /** An ASCII string without escapes or control characters starting at `i` (after the quote). */
  string(b: Uint8Array, i: number, end: number): string | undefined {
    const s = i;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c === 0x22) break;
      if (c === 0x5c || c < 0x20 || c > 0x7f) return undefined;
    }
    if (i >= end) return undefined;
    this.pos = i + 1;
    const len = i - s;
    if (len > INTERN_MAX) return latin1Slice.call(b, s, i);
    let h = len;
    for (let j = s; j < i; j++) h = (Math.imul(h, 31) + b[j]!) | 0;
    const slot = (h ^ (h >>> 12)) & (INTERN_SLOTS - 1);
    const cached = this.internStr[slot];
    if (cached !== undefined && this.internHash[slot] === h && cached.length === len) {
      let same = true;
      for (let j = 0; j < len; j++) {
        if (cached.charCodeAt(j) !== b[s + j]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const str: string = latin1Slice.call(b, s, i);
    this.internStr[slot] = str;
    this.internHash[slot] = h;
    return str;
  }

  /** A JSON number whose value is exact by construction: up to 15 significant digits, no exponent. */
  number(b: Uint8Array, i: number, end: number): number | undefined {
    let neg = false;
    if (b[i] === 0x2d) {
      neg = true;
      i++;
    }
    if (i >= end) return undefined;
    let m = 0;
    const s = i;
    const c0 = b[i]!;
    if (c0 === 0x30) i++;
    else if (c0 >= 0x31 && c0 <= 0x39) {
      for (; i < end; i++) {
        const c = b[i]!;
        if (c < 0x30 || c > 0x39) break;
        m = m * 10 + (c - 0x30);
      }
    } else return undefined;
    let digits = i - s;
    let frac = 0;
    if (i < end && b[i] === 0x2e) {
      const f = ++i;
      for (; i < end; i++) {
        const c = b[i]!;
        if (c < 0x30 || c > 0x39) break;
        m = m * 10 + (c - 0x30);
      }
      frac = i - f;
      if (frac === 0) return undefined;
      digits += frac;
    }
    if (digits > 15 || (i < end && (b[i] === 0x65 || b[i] === 0x45))) return undefined; // e, E: the general path
    this.pos = i;
    const v = frac === 0 ? m : m / POW10[frac]!;
    return neg ? -v : v;
  }

  boolean(b: Uint8Array, i: number, end: number): boolean | undefined {
    if (i + 4 <= end && b[i] === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
      this.pos = i + 4;
      return true;
    }
    if (i + 5 <= end && b[i] === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
      this.pos = i + 5;
      return false;
    }
    return undefined;
  }
}

/** Skips JSON whitespace (space, tab, line feed, carriage return). */
function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}
