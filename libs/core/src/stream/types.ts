/** Type-level helpers of the `Stream` builder (row types of `select`, `groupBy`, `agg`). */
import type { AggColumns, AggregateSpec } from '../aggregates/aggregate.js';
import type { Window, WindowSpec } from '../window/window-spec.js';

/** Flattens an intersection into one object type, for readable inferred row types. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A `groupBy` argument: a column of `T` or a window spec over a column of `T`. */
export type GroupArg<T> = (keyof T & string) | (WindowSpec<string> & { readonly timeColumn: keyof T & string });

/** The key columns of the output of `groupBy(...A)`: windows become `{ [name]: Window }`. */
export type KeyColumns<T, A extends readonly unknown[]> = A extends readonly [infer H, ...infer R]
  ? (H extends WindowSpec<infer N> ? { [P in N]: Window } : H extends keyof T ? { [P in H]: T[H] } : unknown) & KeyColumns<T, R>
  : unknown;

/** The row type of `groupBy(...A).agg(aggs)`. */
export type AggRow<T, K, A extends Record<string, AggregateSpec>> = Simplify<K & AggColumns<T, A>>;

/** Aggregates whose field (if any) is a column of `T`. */
export type AggsOf<T> = Record<string, AggregateSpec<(keyof T & string) | undefined, unknown>>;
