/**
 * The stream-static join loop compiled for one stream row shape against a table with one row per
 * key (`StaticJoinOperator`'s unique index): the shape check, the key read, the `Map.get` and the
 * output row literal in one function, so V8 sees named property loads and an inlined literal.
 *
 * A kernel processes rows from `i` while they have its shape and returns the index of the first
 * row that does not (or `rows.length`); the caller switches kernels there. Its rows are exactly
 * `RowMerger`'s (`Object.assign({}, right, left)`, or the left row with null table columns).
 */
import { compilable, MAX_SHAPES, mergeLiteral, type RowMerger } from './row-merger.js';

type Row = Record<string, unknown>;

/** Joins `rows[i..]` of the kernel's shape into `out`; returns where it stopped. */
export type JoinKernel = (rows: readonly Row[], i: number, out: unknown[], unique: Map<unknown, Row>) => number;

/**
 * Kernels by stream row shape, for one table version (its one right shape).
 *
 * @example
 * const kernels = new JoinKernels(merger, rightShape, 'cardId', false);
 * const kernel = kernels.for(rows[0]); // undefined: join that row the general way
 * const next = kernel?.(rows, 0, out, unique);
 */
export class JoinKernels {
  private readonly byShape = new Map<string, JoinKernel | undefined>();
  private readonly rightKeys: readonly string[];
  private readonly nullColumns: readonly string[];
  private readonly field: string;
  private readonly outer: boolean;

  constructor(merger: RowMerger, rightShape: number, field: string, outer: boolean) {
    this.rightKeys = merger.rightKeysOf(rightShape) ?? [];
    this.nullColumns = merger.nullColumns;
    this.field = field;
    this.outer = outer;
  }

  /** The kernel for `row`'s shape, compiled on first use; `undefined` when that shape cannot have one. */
  for(row: unknown): JoinKernel | undefined {
    if (typeof row !== 'object' || row === null) return undefined;
    const keys: string[] = [];
    for (const k in row) keys.push(k);
    const sig = keys.join('\u0000');
    if (this.byShape.has(sig)) return this.byShape.get(sig);
    // same conditions as RowMerger's compiled functions: a plain object without a __proto__ column
    const ok = this.byShape.size < MAX_SHAPES && compilable(keys) && Object.getPrototypeOf(row) === Object.prototype;
    const kernel = ok ? this.compile(keys) : undefined;
    this.byShape.set(sig, kernel);
    return kernel;
  }

  private compile(keys: readonly string[]): JoinKernel {
    const key = `l[${JSON.stringify(this.field)}]`;
    const miss = this.outer ? `else out.push(${mergeLiteral(keys, undefined, this.nullColumns)});` : '';
    // Built only from JSON-quoted column names and numbers: no user code is evaluated.
    const body = `
      return function joinKernel(rows, i, out, unique) {
        const n = rows.length;
        for (; i < n; i++) {
          const l = rows[i];
          let c = 0;
          for (const k in l) {
            if (k !== K[c]) return i;
            c++;
          }
          if (c !== ${keys.length}) return i;
          const r = unique.get(${key});
          if (r !== undefined) out.push(${mergeLiteral(keys, this.rightKeys, this.nullColumns)});
          ${miss}
        }
        return n;
      };`;
    return new Function('K', body)(keys) as JoinKernel;
  }
}
