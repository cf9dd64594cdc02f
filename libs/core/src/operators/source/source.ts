/** The leaf of every plan: the rows one `Source` returned for this batch. */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, WatermarkRef } from '../../plan/node.js';
import type { Source } from '../../ports.js';

const NO_COLUMNS: ReadonlyMap<string, WatermarkRef> = new Map();

export class SourceNode extends BaseNode {
  readonly kind = 'source';
  readonly source: Source<unknown>;

  constructor(source: Source<unknown>) {
    super([]);
    this.source = source;
  }

  override describe(): string {
    return `Source [${this.source.description}]`;
  }

  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    return NO_COLUMNS;
  }

  override outputColumns(): readonly string[] | undefined {
    return this.source.columns;
  }

  /** What the source declares (`Source.partitioning`). */
  override outputPartitioning(): readonly string[] | undefined {
    return this.source.partitioning;
  }

  compile(_children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    return new SourceOperator(this.source.description, ctx.sourceIndex(this.source));
  }
}

class SourceOperator implements PhysicalOperator {
  readonly name: string;
  private readonly index: number;

  constructor(description: string, index: number) {
    this.name = `source(${description})`;
    this.index = index;
  }

  execute(ctx: BatchContext): unknown[] {
    return (ctx.inputs[this.index] ?? []) as unknown[];
  }
}
