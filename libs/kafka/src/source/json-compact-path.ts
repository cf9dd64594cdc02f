/**
 * The first try of the JSON fast path: compact JSON (no whitespace) with the fields in the
 * schema's order, as `JSON.stringify` writes an object built in that order. One function is
 * generated per schema, with each key's bytes compared as constants and each value read by its
 * kind, so the common record costs one straight pass. Anything else returns `undefined` and the
 * general scanner (any order, whitespace) takes over. Every read stays below `end`.
 */

import { BOOLEAN, NUMBER, STRING } from './json-kinds.js';

/** The value readers of the scanner; each sets `pos` past what it read. */
export interface ValueReaders {
  pos: number;
  string(b: Uint8Array, i: number, end: number): string | undefined;
  number(b: Uint8Array, i: number, end: number): number | undefined;
  boolean(b: Uint8Array, i: number, end: number): boolean | undefined;
  /** A value of any kind in the bit set `kinds` (`json-kinds.ts`). */
  scalar(b: Uint8Array, i: number, end: number, kinds: number): string | number | boolean | null | undefined;
}

/** The call reading a value of the kind set `kinds` at `i`: a kind's own reader when it is alone. */
function readCall(kinds: number): string {
  if (kinds === STRING) return 'r.string(b, i + 1, end)';
  if (kinds === NUMBER) return 'r.number(b, i, end)';
  if (kinds === BOOLEAN) return 'r.boolean(b, i, end)';
  return `r.scalar(b, i, end, ${kinds})`;
}

/**
 * The compact, in-order decoder for an object of `keys` (plain ASCII, checked by the caller).
 *
 * @example
 * compileCompactObject(['id'], [NUMBER], readers)(Buffer.from('{"id":1}'), 0, 8) // { id: 1 }
 */
export function compileCompactObject(
  keys: readonly string[],
  kinds: readonly number[],
  readers: ValueReaders,
): (b: Uint8Array, start: number, end: number) => object | undefined {
  const lines: string[] = ['let i = start;', 'if (i >= end || b[i] !== 0x7b) return undefined;', 'i++;'];
  keys.forEach((key, f) => {
    // `"key":` as bytes, after a `,` for every field but the first.
    const token = [...(f > 0 ? [0x2c] : []), 0x22, ...Buffer.from(key, 'latin1'), 0x22, 0x3a];
    lines.push(`if (i + ${token.length} > end || ${token.map((c, k) => `b[i + ${k}] !== ${c}`).join(' || ')}) return undefined;`);
    lines.push(`i += ${token.length};`);
    lines.push(kinds[f] === STRING ? `if (i >= end || b[i] !== 0x22) return undefined;` : '');
    lines.push(`const v${f} = ${readCall(kinds[f]!)};`, `if (v${f} === undefined) return undefined;`, 'i = r.pos;');
  });
  lines.push('if (i + 1 !== end || b[i] !== 0x7d) return undefined;');
  lines.push(`return { ${keys.map((k, f) => `${JSON.stringify(k)}: v${f}`).join(', ')} };`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('r', `return function compactObject(b, start, end) {\n${lines.filter(Boolean).join('\n')}\n};`) as (
    r: ValueReaders,
  ) => (b: Uint8Array, start: number, end: number) => object | undefined;
  return make(readers);
}
