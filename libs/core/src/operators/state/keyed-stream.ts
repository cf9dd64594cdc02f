/**
 * `stream.groupByKey(fn)`: a stream grouped by a computed key (Spark's KeyValueGroupedDataset),
 * for arbitrary stateful processing with `mapGroupsWithState` / `flatMapGroupsWithState`.
 */
import { StreamlabError } from '../../errors.js';
import type { Stream } from '../../stream/stream.js';
import { streamOf } from '../../stream/stream-of.js';
import type { PlanNode } from '../../plan/node.js';
import type { GroupState, GroupStateTimeout } from './group-state.js';
import { GroupStateNode } from './group-state-node.js';
import type { GroupsFn } from './group-state-operator.js';
import type { Pattern, PatternMatch } from '../pattern/pattern.js';
import { PatternNode, type PatternOptions } from '../pattern/pattern-node.js';

export interface MapGroupsOptions {
  /** `none` (default), `processingTime` (set with `setTimeoutDuration`) or `eventTime` (`setTimeoutTimestamp`, needs a watermark). */
  timeout?: GroupStateTimeout;
}

export interface FlatMapGroupsOptions extends MapGroupsOptions {
  /** The function's output mode: must match the query's (`append` also allows an aggregation after it). */
  outputMode: 'append' | 'update';
}

function checkOptions(timeout: unknown, outputMode: unknown): void {
  if (!['none', 'processingTime', 'eventTime'].includes(timeout as string)) {
    throw new StreamlabError('BAD_OPTION', `unknown GroupState timeout ${JSON.stringify(timeout)}`, {
      value: timeout,
      hint: "use 'none', 'processingTime' or 'eventTime'",
    });
  }
  if (outputMode !== 'append' && outputMode !== 'update') {
    throw new StreamlabError('BAD_OPTION', `flatMapGroupsWithState needs outputMode 'append' or 'update', got ${JSON.stringify(outputMode)}`, {
      value: outputMode,
      hint: "e.g. { outputMode: 'append', timeout: 'eventTime' }",
    });
  }
}

export class KeyedStream<K, T> {
  private readonly plan: PlanNode;
  private readonly keyFn: (row: T) => K;
  /** Set for `groupByKey('column')`: the key is that column's value. */
  private readonly keyColumns: readonly string[] | undefined;

  constructor(plan: PlanNode, key: ((row: T) => K) | (keyof T & string)) {
    this.plan = plan;
    if (typeof key === 'string') {
      this.keyFn = (row: T) => row[key] as K;
      this.keyColumns = [key];
    } else if (typeof key === 'function') {
      this.keyFn = key;
      this.keyColumns = undefined;
    } else {
      throw new StreamlabError('BAD_OPTION', `groupByKey takes a column name or a key function, got ${typeof key}`, {
        value: key,
        hint: "e.g. groupByKey('cardId') or groupByKey((t) => t.cardId)",
      });
    }
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
    checkOptions(options.timeout ?? 'none', 'update');
    const wrapped: GroupsFn = (key, values, state) => [fn(key as K, values as T[], state as GroupState<S>)];
    return streamOf<U>(
      new GroupStateNode(this.plan, {
        keyFn: this.keyFn as (row: unknown) => unknown,
        keyColumns: this.keyColumns,
        fn: wrapped,
        isMap: true,
        outputMode: 'update',
        timeout: options.timeout ?? 'none',
      }),
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
    checkOptions(options?.timeout ?? 'none', options?.outputMode);
    return streamOf<U>(
      new GroupStateNode(this.plan, {
        keyFn: this.keyFn as (row: unknown) => unknown,
        keyColumns: this.keyColumns,
        fn: fn as unknown as GroupsFn,
        isMap: false,
        outputMode: options.outputMode,
        timeout: options.timeout ?? 'none',
      }),
    );
  }

  /**
   * Matches a pattern over each key's events in event-time order (needs a watermark); emits one
   * row per match (and per expired partial match with `{ emitTimeouts: true }`).
   *
   * @example
   * tx.withWatermark('ts', '30 seconds').groupByKey((t) => t.cardId).pattern(
   *   pattern<Tx>().begin('probe', (t) => t.amount < 2).followedBy('hit', (t) => t.amount > 500).within('10 minutes'),
   * );
   * // expired partial matches to a side output instead of dropping them:
   * // .pattern(p, { timedOut: sink })   // sink receives PatternTimeout records
   */
  pattern<N extends string>(p: Pattern<T, N>, options: PatternOptions<K, T, N> = {}): Stream<PatternMatch<K, T, N>> {
    return streamOf<PatternMatch<K, T, N>>(
      new PatternNode(this.plan, this.keyFn as (row: unknown) => unknown, p as unknown as Pattern<unknown, string>, options as PatternOptions, this.keyColumns),
    );
  }
}
