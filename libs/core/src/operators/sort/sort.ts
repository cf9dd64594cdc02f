/**
 * `orderBy(...columns)`: sorts each batch's output rows. As in Spark, a streaming query may sort
 * only an aggregated stream in complete mode (the whole result table is emitted every batch, so
 * its order is defined); anywhere else the query is refused when it starts.
 */
import type { PhysicalOperator } from '../../exec/operator.js';
import { StreamlabError } from '../../errors.js';
import { BaseNode } from '../../plan/base-node.js';
import { hasAggregation } from '../../plan/tree.js';
import type { OutputModeViolation, PlanNode, ValidationContext } from '../../plan/node.js';

/** A sort key: a column, ascending by default; `{ column, desc: true }` for descending. */
export type SortKey<K extends string = string> = K | { column: K; desc?: boolean; nullsFirst?: boolean };

interface ResolvedKey {
  column: string;
  desc: boolean;
  nullsFirst: boolean;
}

/**
 * Spark's ordering of values: nulls first when ascending (last when descending) unless told,
 * numbers by value, strings by code units, booleans false < true, `{ start, end }` windows by start.
 */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && 'start' in a && 'start' in b) {
    return (
      compareValues((a as { start: unknown }).start, (b as { start: unknown }).start) ||
      compareValues((a as { end?: unknown }).end, (b as { end?: unknown }).end)
    );
  }
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export class SortNode extends BaseNode {
  readonly kind = 'sort';
  readonly keys: readonly ResolvedKey[];

  constructor(child: PlanNode, keys: readonly SortKey[]) {
    super([child]);
    if (keys.length === 0) {
      throw new StreamlabError('BAD_SORT', 'orderBy needs at least one column', { hint: "e.g. orderBy({ column: 'n', desc: true }, 'word')" });
    }
    this.keys = keys.map((k) => {
      const column = typeof k === 'string' ? k : k.column;
      const desc = typeof k === 'string' ? false : k.desc === true;
      const nullsFirst = typeof k === 'string' || k.nullsFirst === undefined ? !desc : k.nullsFirst;
      return { column, desc, nullsFirst };
    });
  }

  override describe(): string {
    return `Sort [${this.keys.map((k) => `${k.column} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}]`;
  }

  override outputPartitioning(): readonly string[] | undefined {
    return this.children[0]!.outputPartitioning?.();
  }

  override checkOutputMode(ctx: ValidationContext): OutputModeViolation | undefined {
    if (ctx.outputMode === 'complete' && hasAggregation(this)) return undefined;
    return {
      code: 'SORT_NEEDS_COMPLETE_AGGREGATION',
      rule: 'sorting is not supported on streaming DataFrames/Datasets, unless it is on an aggregated DataFrame/Dataset in complete output mode',
      fix: "aggregate before orderBy and use outputMode('complete'), or sort in the sink",
    };
  }

  compile(children: readonly PhysicalOperator[]): PhysicalOperator {
    const child = children[0]!;
    const keys = this.keys;
    const compare = (x: Record<string, unknown>, y: Record<string, unknown>): number => {
      for (const k of keys) {
        const a = x[k.column];
        const b = y[k.column];
        const an = a === null || a === undefined;
        const bn = b === null || b === undefined;
        if (an || bn) {
          if (an && bn) continue;
          return an === k.nullsFirst ? -1 : 1;
        }
        const c = compareValues(a, b);
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    };
    const op: PhysicalOperator = { name: 'sort', execute: (ctx) => (child.execute(ctx) as Record<string, unknown>[]).slice().sort(compare) };
    return op;
  }
}
