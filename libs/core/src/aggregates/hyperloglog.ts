/**
 * HyperLogLog (Flajolet et al., with the small- and large-range corrections): a distinct-count
 * sketch in `2^p` one-byte registers, whatever the number of values added.
 */

/** The register count for a target relative standard deviation (Spark's `rsd`, default 0.05). */
export function precisionFor(rsd: number): number {
  const p = Math.ceil(2 * Math.log2(1.106 / rsd));
  return Math.min(16, Math.max(4, p));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** A 32-bit hash of a value: integers directly, everything else through its typed string form. */
export function hashValue(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 0x80000000) return fmix32(v ^ 0x5bd1e995);
  if (typeof v === 'string') return hashString(v);
  return hashString(`${typeof v}:${v instanceof Date ? v.getTime() : String(v)}`);
}

/**
 * @example
 * const h = new HyperLogLog(9);
 * for (let i = 0; i < 10_000; i++) h.add(i);
 * h.estimate(); // ≈ 10000 (±5%)
 */
export class HyperLogLog {
  readonly p: number;
  readonly registers: Uint8Array;

  constructor(p: number, registers?: Uint8Array) {
    this.p = p;
    this.registers = registers ?? new Uint8Array(1 << p);
  }

  add(value: unknown): void {
    const h = hashValue(value);
    const idx = h >>> (32 - this.p);
    const rest = (h << this.p) >>> 0;
    const rank = rest === 0 ? 32 - this.p + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[idx]!) this.registers[idx] = rank;
  }

  /** Folds `other` (same precision) into this sketch. */
  merge(other: HyperLogLog): void {
    const r = this.registers;
    const o = other.registers;
    for (let i = 0; i < r.length; i++) if (o[i]! > r[i]!) r[i] = o[i]!;
  }

  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.registers[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros += 1;
    }
    const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    let e = (alpha * m * m) / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * Math.log(m / zeros);
    else if (e > 2 ** 32 / 30) e = -(2 ** 32) * Math.log(1 - e / 2 ** 32);
    return Math.round(e);
  }

  clone(): HyperLogLog {
    return new HyperLogLog(this.p, this.registers.slice());
  }
}
