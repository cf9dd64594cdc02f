/** `withWatermark(field, delay, { late })`: declares an event-time column and its watermark. */
import type { LateRecord } from '../../exec/late.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, PlanNode, WatermarkRef } from '../../plan/node.js';
import type { Sink, Source } from '../../ports.js';
import { WatermarkOperator } from './watermark-operator.js';
import { SourceNode } from '../source/source.js';
import { StreamlabError } from '../../errors.js';

export class WatermarkNode extends BaseNode implements WatermarkRef {
  readonly kind = 'watermark';
  readonly field: string;
  readonly delayMs: number;
  readonly lateSink: Sink<LateRecord> | undefined;
  /** Extension: after this long without rows the input is idle (see src/watermark/IDLE-INPUTS.md). */
  readonly idleTimeoutMs: number | undefined;
  /** Extension: the source whose per-partition event times give this input's watermark. */
  readonly perPartitionSource: Source<unknown> | undefined;

  constructor(
    child: PlanNode,
    field: string,
    delayMs: number,
    lateSink: Sink<LateRecord> | undefined,
    idleTimeoutMs?: number,
    perPartitionSource?: Source<unknown>,
  ) {
    super([child]);
    this.field = field;
    this.delayMs = delayMs;
    this.lateSink = lateSink;
    this.idleTimeoutMs = idleTimeoutMs;
    this.perPartitionSource = perPartitionSource;
  }

  override describe(): string {
    const idle = this.idleTimeoutMs === undefined ? '' : `, idle after ${this.idleTimeoutMs} ms`;
    const perPartition = this.perPartitionSource === undefined ? '' : ', per partition';
    return `EventTimeWatermark [${this.field}, ${this.delayMs} ms${idle}${perPartition}]`;
  }

  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    const out = new Map(this.children[0]!.eventTimeColumns());
    out.set(this.field, this);
    return out;
  }

  override outputColumns(): readonly string[] | undefined {
    return this.children[0]!.outputColumns();
  }

  override outputPartitioning(): readonly string[] | undefined {
    return this.children[0]!.outputPartitioning?.();
  }

  /** A per-partition watermark tracks the source it was declared on: it must stay the child. */
  override withChildren(children: readonly PlanNode[]): PlanNode {
    const child = children[0]!;
    if (this.perPartitionSource !== undefined && !(child instanceof SourceNode && child.source === this.perPartitionSource)) {
      throw new StreamlabError('PER_PARTITION_WATERMARK_UNSUPPORTED', `${this.describe()} cannot move off its source`, {
        value: child.describe(),
        hint: 'a per-partition watermark reads its source partitions: keep withWatermark(..., { perPartition: true }) right after Stream.fromSource',
      });
    }
    return super.withChildren(children);
  }

  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    const col = ctx.registerWatermark(this, this.lateSink);
    return new WatermarkOperator(children[0]!, this.field, col.watermarkId);
  }
}
