/**
 * Strict UTF-8 for decoded values: `Buffer#toString('utf8')` turns every invalid byte into U+FFFD,
 * so two records whose keys differ only in bad bytes would merge into one key, and the damage
 * would never reach the dead-letter topic. Values are checked with Node's `isUtf8` (simdutf) and,
 * only when that fails, scanned for the first bad byte so the dead letter says where it is.
 */
import { isUtf8 } from 'node:buffer';

export { isUtf8 };

/**
 * The offset of the first byte of `bytes` that is not part of a well-formed UTF-8 sequence
 * (Unicode's table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), or -1.
 *
 * @example
 * firstInvalidUtf8(Buffer.from([0x61, 0xc3])); // 1 (a truncated 2-byte sequence)
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    if (i + need >= n) return i; // truncated at the end
    const c = bytes[i + 1]!;
    if (c < lo || c > hi) return i;
    for (let k = 2; k <= need; k++) {
      const d = bytes[i + k]!;
      if (d < 0x80 || d > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
