/**
 * The byte scanner of the JSON fast path: reads one flat JSON object whose keys are known (a
 * schema's fields) from `bytes[start, end)` into an object with the keys in the schema's order, or
 * declines (`undefined`). It only takes values it reads exactly as `JSON.parse` would: ASCII
 * strings without escapes, numbers of up to 15 digits without exponent, `true`, `false`, `null`,
 * each field at most once, no unknown keys, and only the kinds each field allows. Compact JSON
 * with the fields in order is tried first by generated code (`json-compact-path.ts`); the scanner
 * handles any field order and whitespace.
 */
import { compileCompactObject } from './json-compact-path.js';
import { BOOLEAN, NULL, NUMBER, STRING } from './json-kinds.js';

/** 10^k for k <= 22: exactly representable, so `mantissa / 10^k` is correctly rounded (Clinger's fast path). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Strings up to this many bytes are interned: repeated values (keys, names, codes) share one string. */
const INTERN_MAX = 48;
const INTERN_SLOTS = 4096;

interface Latin1 {
  latin1Slice(start: number, end: number): string;
}
const latin1Slice = (Buffer.prototype as unknown as Latin1).latin1Slice;

export interface ScannerOptions {
  /**
   * Accept objects without some of the fields (the row then lacks those keys, as `JSON.parse`'s
   * object does). Only for callers that validate the row afterwards; otherwise every field must be there.
   */
  allowMissing?: boolean;
}

/**
 * Scans objects of `keys` (plain ASCII, not `__proto__`, checked by the caller), each field taking
 * the JSON kinds of its bit set in `kinds`.
 *
 * @example
 * new JsonObjectScanner(['id'], [NUMBER]).decoder()(Buffer.from('{"id":1}'), 0, 8) // { id: 1 }
 */
export class JsonObjectScanner {
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
    private readonly kinds: number[],
    private readonly opts: ScannerOptions = {},
  ) {
    this.keyBytes = keys.map((k) => Buffer.from(k, 'latin1'));
    this.values = new Array<unknown>(keys.length).fill(undefined);
    this.seen = new Int32Array(keys.length);
    // One object literal per row, keys in the schema's order (as zod builds its output): one hidden class.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    this.build = new Function('v', `return { ${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')} };`) as (v: unknown[]) => object;
  }

  /** The decoder of `bytes[start, end)`: the row, or `undefined` to decline. */
  decoder(): (bytes: Uint8Array, start: number, end: number) => object | undefined {
    const compact = compileCompactObject(this.keys, this.kinds, this);
    return (bytes, start, end) => compact(bytes, start, end) ?? this.scan(bytes, start, end);
  }

  private scan(b: Uint8Array, start: number, end: number): object | undefined {
    const n = this.keys.length;
    if (this.stamp === 0x7fffffff) {
      // `seen` holds 32-bit stamps: start again before one would wrap and match an old entry
      this.seen.fill(0);
      this.stamp = 0;
    }
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
      const kind = this.kinds[k]!;
      let v: unknown;
      if (kind === STRING) v = b[i] === 0x22 ? this.string(b, i + 1, end) : undefined;
      else if (kind === NUMBER) v = this.number(b, i, end);
      else if (kind === BOOLEAN) v = this.boolean(b, i, end);
      else v = this.scalar(b, i, end, kind);
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
    if (i !== end) return undefined;
    if (found === n) return this.build(this.values);
    return this.opts.allowMissing ? this.partial(stamp) : undefined;
  }

  /** The row of the fields seen in this scan only, in the schema's order. */
  private partial(stamp: number): object {
    const row: Record<string, unknown> = {};
    for (let k = 0; k < this.keys.length; k++) if (this.seen[k] === stamp) row[this.keys[k]!] = this.values[k];
    return row;
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

  /** A value of one of the kinds in `kinds`, told by its first byte. */
  scalar(b: Uint8Array, i: number, end: number, kinds: number): string | number | boolean | null | undefined {
    if (i >= end) return undefined;
    const c = b[i];
    if (c === 0x22) return kinds & STRING ? this.string(b, i + 1, end) : undefined;
    if (c === 0x74 || c === 0x66) return kinds & BOOLEAN ? this.boolean(b, i, end) : undefined; // t, f
    if (c === 0x6e) return kinds & NULL ? this.null(b, i, end) : undefined; // n
    return kinds & NUMBER ? this.number(b, i, end) : undefined;
  }

  null(b: Uint8Array, i: number, end: number): null | undefined {
    if (i + 4 <= end && b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      this.pos = i + 4;
      return null;
    }
    return undefined;
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
