/**
 * `stream.groupByKey(fn)`: a stream grouped by a computed key (Spark's KeyValueGroupedDataset),
 * for arbitrary stateful processing with `mapGroupsWithState` / `flatMapGroupsWithState`.
 */
import { Stream } from '../../stream/stream.js';
import type { PlanNode } from '../../plan/node.js';
import type { GroupState, GroupStateTimeout } from './group-state.js';
import { GroupStateNode, type GroupsFn } from './group-state-node.js';

export interface MapGroupsOptions {
  /** `none` (default), `processingTime` (set with `setTimeoutDuration`) or `eventTime` (`setTimeoutTimestamp`, needs a watermark). */
  timeout?: GroupStateTimeout;
}

export interface FlatMapGroupsOptions extends MapGroupsOptions {
  /** The function's output mode: must match the query's (`append` also allows an aggregation after it). */
  outputMode: 'append' | 'update';
}

export class KeyedStream<K, T> {
  private readonly plan: PlanNode;
  private readonly keyFn: (row: T) => K;

  constructor(plan: PlanNode, keyFn: (row: T) => K) {
    this.plan = plan;
    this.keyFn = keyFn;
  }

  /**
   * Calls `fn` once per key with data in each batch (and once per timed-out key) with the key's
   * values and state; emits one row per call. Query output mode: update.
   *
   * @example
   * words.groupByKey((w) => w.word).mapGroupsWithState<number, { word: string; n: number }>((word, values, state) => {
   *   const n = (state.getOption() ?? 0) + values.length;
   *   state.update(n);
   *   return { word, n };
   * });
   */
  mapGroupsWithState<S, U>(fn: (key: K, values: T[], state: GroupState<S>) => U, options: MapGroupsOptions = {}): Stream<U> {
    const wrapped: GroupsFn = (key, values, state) => [fn(key as K, values as T[], state as GroupState<S>)];
    return new Stream<U>(
      new GroupStateNode(this.plan, { keyFn: this.keyFn as (row: unknown) => unknown, fn: wrapped, isMap: true, outputMode: 'update', timeout: options.timeout ?? 'none' }),
    );
  }

  /**
   * Like `mapGroupsWithState`, but `fn` returns any number of rows (an array or any iterable).
   *
   * @example
   * tx.groupByKey((t) => t.cardId).flatMapGroupsWithState<CardState, Alert>(
   *   (cardId, txs, state) => (state.hasTimedOut ? [] : detect(cardId, txs, state)),
   *   { outputMode: 'append', timeout: 'eventTime' },
   * );
   */
  flatMapGroupsWithState<S, U>(fn: (key: K, values: T[], state: GroupState<S>) => Iterable<U>, options: FlatMapGroupsOptions): Stream<U> {
    return new Stream<U>(
      new GroupStateNode(this.plan, {
        keyFn: this.keyFn as (row: unknown) => unknown,
        fn: fn as unknown as GroupsFn,
        isMap: false,
        outputMode: options.outputMode,
        timeout: options.timeout ?? 'none',
      }),
    );
  }
}
