/** `left.join(right, on, how, { timeRange })`: a stream-stream join (inner, left/right/full outer, left semi). */
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, NodeTraits, OutputModeViolation, PlanNode, ValidationContext } from '../../plan/node.js';
import type { JoinKeys, JoinType } from './join-spec.js';
import { StreamJoinOperator } from './stream-join-operator.js';
import { keyPositions, type Clustering } from '../../plan/partitioning.js';
import type { ResolvedTimeRange } from './time-range.js';

export class StreamJoinNode extends BaseNode {
  readonly kind = 'streamStreamJoin';
  override readonly traits: NodeTraits = { stateful: true };
  readonly keys: JoinKeys;
  readonly how: JoinType;
  readonly range: ResolvedTimeRange | undefined;

  constructor(left: PlanNode, right: PlanNode, keys: JoinKeys, how: JoinType, range: ResolvedTimeRange | undefined) {
    super([left, right]);
    this.keys = keys;
    this.how = how;
    this.range = range;
  }

  /** With the columns its parent reads (`explain()`), also the columns each side buffers. */
  override describe(readColumns?: readonly string[]): string {
    const r = this.range ? `, ${this.range.rightTime} - ${this.range.leftTime} in [${this.range.minMs}, ${this.range.maxMs}] ms` : '';
    const b = this.buffered(readColumns);
    const kept = b.left && b.right ? `, buffers [${b.left.join(', ')}] and [${b.right.join(', ')}]` : '';
    return `StreamingSymmetricHashJoin [${this.how}, ${this.keys.left.join(', ')} = ${this.keys.right.join(', ')}${r}${kept}]`;
  }

  /**
   * Column pruning: when the parent reads only `read` (a `select`), the columns each side keeps of
   * a buffered row: those (of a side with a known schema, those it has), its join keys and its
   * event time. `undefined`: every column.
   */
  buffered(read: readonly string[] | undefined): { left?: string[]; right?: string[] } {
    if (read === undefined) return {};
    const [leftNode, rightNode] = this.children as [PlanNode, PlanNode];
    // Of a side whose columns the plan knows (a schema), only the ones it has.
    const keep = (node: PlanNode, keys: readonly string[], time: string | undefined) => {
      const all = [...new Set([...read, ...keys, ...(time === undefined ? [] : [time])])];
      const known = knownColumns(node);
      return known === undefined ? all : all.filter((c) => known.includes(c));
    };
    return {
      left: keep(leftNode, this.keys.left, this.range?.leftTime ?? first(leftNode)),
      right: keep(rightNode, this.keys.right, this.range?.rightTime ?? first(rightNode)),
    };
  }

  /** Each side by its equi-join key columns (and the two sides co-partitioned). */
  override requiredChildClustering(): readonly (Clustering | undefined)[] {
    return [{ columns: this.keys.left }, { columns: this.keys.right }];
  }

  /**
   * The left side's partitioning when the sides are co-partitioned (their partitionings sit at the
   * same key positions) and every output row keeps the left row's columns (inner, left outer,
   * left semi); else unknown.
   */
  override outputPartitioning(): readonly string[] | undefined {
    if (this.how !== 'inner' && this.how !== 'leftOuter' && this.how !== 'leftSemi') return undefined;
    const [l, r] = this.children as [PlanNode, PlanNode];
    const pl = l.outputPartitioning?.();
    const left = keyPositions(pl, this.keys.left);
    const right = keyPositions(r.outputPartitioning?.(), this.keys.right);
    return left && right && left.length === right.length && left.every((p, i) => p === right[i]) ? pl : undefined;
  }

  override checkOutputMode(ctx: ValidationContext): OutputModeViolation | undefined {
    if (ctx.outputMode !== 'append') {
      return {
        code: 'STREAM_JOIN_NEEDS_APPEND',
        rule: `a stream-stream join is only supported in append output mode, not ${ctx.outputMode}`,
        fix: "use writeStream.outputMode('append')",
      };
    }
    if (this.how !== 'inner') {
      const [l, r] = this.children as [PlanNode, PlanNode];
      const ok = this.range !== undefined && l.eventTimeColumns().has(this.range.leftTime) && r.eventTimeColumns().has(this.range.rightTime);
      if (!ok) {
        const name = { leftOuter: 'left outer', rightOuter: 'right outer', fullOuter: 'full outer', leftSemi: 'left semi' }[this.how];
        return {
          code: 'STREAM_JOIN_OUTER_NEEDS_WATERMARK',
          rule: `a stream-stream ${name} join needs watermarks on both sides and an event-time range condition (${this.how === 'leftSemi' ? 'left rows are kept until the watermark passes them' : 'outer rows are emitted when the watermark passes them'})`,
          fix: 'add .withWatermark(...) on both inputs and { timeRange: { leftTime, rightTime, min, max } }',
        };
      }
    }
    return undefined;
  }

  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    const [leftNode, rightNode] = this.children as [PlanNode, PlanNode];
    const side = (node: PlanNode, field: string | undefined) => (field === undefined ? undefined : { field, column: ctx.eventTimeColumn(node, field) });
    const leftTime = side(leftNode, this.range?.leftTime ?? first(leftNode));
    const rightTime = side(rightNode, this.range?.rightTime ?? first(rightNode));
    const buffered = this.buffered(ctx.readColumns);
    const op = new StreamJoinOperator({
      operatorId: ctx.nextOperatorId(),
      left: children[0]!,
      right: children[1]!,
      keys: this.keys,
      how: this.how,
      range: this.range,
      leftTime,
      rightTime,
      leftColumns: knownColumns(leftNode),
      rightColumns: knownColumns(rightNode),
      leftKeep: buffered.left,
      rightKeep: buffered.right,
    });
    ctx.registerStateful(op);
    return op;
  }
}

/** A side's column names when the plan knows them (a source with a schema, through row-preserving nodes). */
function knownColumns(node: PlanNode): readonly string[] | undefined {
  const own = node.outputColumns();
  if (own !== undefined) return own;
  const kind = (node as { kind?: string }).kind;
  return (kind === 'watermark' || kind === 'filter') && node.children.length === 1 ? knownColumns(node.children[0]!) : undefined;
}

/** Without a range condition, a side's (first) watermarked column still filters its late rows. */
function first(node: PlanNode): string | undefined {
  return node.eventTimeColumns().keys().next().value;
}
