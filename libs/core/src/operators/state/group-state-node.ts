/**
 * `groupByKey(fn).mapGroupsWithState(...)` / `.flatMapGroupsWithState(...)`: arbitrary per-key
 * state with timeouts (Spark's FlatMapGroupsWithState), with Spark's output-mode rules.
 */
import { hasAggregationBelow } from '../../plan/tree.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, NodeTraits, OutputModeViolation, PlanNode, ValidationContext, WatermarkRef } from '../../plan/node.js';
import { eventTimeField } from './support/event-time.js';
import type { GroupStateTimeout } from './group-state.js';
import { GroupStateOperator, type GroupsFn } from './group-state-operator.js';
import { keyClustering } from './support/key-clustering.js';
import type { Clustering } from '../../plan/partitioning.js';

export interface GroupStateNodeConfig {
  keyFn: (row: unknown) => unknown;
  /** Set when the key is a column (`groupByKey('cardId')`): the clustering is then that column. */
  keyColumns?: readonly string[] | undefined;
  fn: GroupsFn;
  /** `mapGroupsWithState` (exactly one row per call) rather than `flatMapGroupsWithState`. */
  isMap: boolean;
  /** The function's output mode (flatMapGroupsWithState); `update` for mapGroupsWithState. */
  outputMode: 'append' | 'update';
  timeout: GroupStateTimeout;
}

export class GroupStateNode extends BaseNode {
  readonly kind = 'flatMapGroupsWithState';
  override readonly traits: NodeTraits = { stateful: true };
  readonly cfg: GroupStateNodeConfig;

  constructor(child: PlanNode, cfg: GroupStateNodeConfig) {
    super([child]);
    this.cfg = cfg;
  }

  override describe(): string {
    const what = this.cfg.isMap ? 'MapGroupsWithState' : 'FlatMapGroupsWithState';
    return `${what} [${this.cfg.outputMode}, timeout ${this.cfg.timeout}]`;
  }

  /** A key column, or the key function (which always repartitions). Output partitioning: unknown (new rows). */
  override requiredChildClustering(): readonly (Clustering | undefined)[] {
    return [keyClustering(this.cfg.keyColumns, this.cfg.keyFn)];
  }

  /** The output rows are new rows: no event-time column survives. */
  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    return new Map();
  }

  override checkOutputMode(ctx: ValidationContext): OutputModeViolation | undefined {
    const aggs = ctx.aggregationsAbove > 0 || hasAggregationBelow(this);
    const { isMap, outputMode, timeout } = this.cfg;
    if (isMap && aggs) {
      return {
        code: 'MAP_GROUPS_WITH_AGGREGATION',
        rule: 'mapGroupsWithState is not supported with a streaming aggregation in the query',
        fix: 'use flatMapGroupsWithState with outputMode append before the aggregation',
      };
    }
    if (isMap && ctx.outputMode !== 'update') {
      return {
        code: 'MAP_GROUPS_NEEDS_UPDATE',
        rule: `mapGroupsWithState is only supported with update output mode, not ${ctx.outputMode}`,
        fix: "use writeStream.outputMode('update')",
      };
    }
    if (!isMap && !aggs && outputMode !== ctx.outputMode) {
      return {
        code: 'FLATMAP_GROUPS_MODE_MISMATCH',
        rule: `flatMapGroupsWithState in ${outputMode} mode is not supported with ${ctx.outputMode} output mode`,
        fix: `use writeStream.outputMode('${outputMode}'), or declare { outputMode: '${ctx.outputMode}' } if the query mode is right`,
      };
    }
    if (!isMap && aggs && outputMode === 'update') {
      return {
        code: 'FLATMAP_GROUPS_UPDATE_WITH_AGGREGATION',
        rule: 'flatMapGroupsWithState in update mode is not supported with a streaming aggregation',
        fix: "declare { outputMode: 'append' } for flatMapGroupsWithState",
      };
    }
    if (!isMap && hasAggregationBelow(this)) {
      return {
        code: 'FLATMAP_GROUPS_AFTER_AGGREGATION',
        rule: 'flatMapGroupsWithState is not supported after a streaming aggregation',
        fix: 'apply flatMapGroupsWithState to the input rows, before groupBy(...).agg(...)',
      };
    }
    if (timeout === 'eventTime' && this.children[0]!.eventTimeColumns().size === 0) {
      return {
        code: 'EVENT_TIME_TIMEOUT_NEEDS_WATERMARK',
        rule: 'the event-time timeout needs a watermark: it fires when the watermark passes the timeout timestamp',
        fix: "add .withWatermark(<event-time column>, <delay>) before groupByKey, with <delay> how late a row may arrive (e.g. '10 minutes')",
      };
    }
    return undefined;
  }

  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    const childNode = this.children[0]!;
    const timeField = eventTimeField(childNode, undefined);
    const op = new GroupStateOperator({
      ...this.cfg,
      operatorId: ctx.nextOperatorId(),
      child: children[0]!,
      timeField,
      eventTime: timeField === undefined ? undefined : ctx.eventTimeColumn(childNode, timeField),
    });
    ctx.registerStateful(op);
    return op;
  }
}
