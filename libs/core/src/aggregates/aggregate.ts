/**
 * Aggregate functions: small strategy objects with `init/add/merge/result` (Beam's CombineFn).
 * Buffers are plain values so the state store can snapshot them; `merge` lets sliding windows be
 * built from panes and session windows merge.
 */
declare const FIELD_TYPE: unique symbol;
declare const FIELD_LIST: unique symbol;

/** Result-type marker: "the type of the input field" (resolved by `agg` against the row type). */
export interface FieldType {
  readonly [FIELD_TYPE]: true;
}
/** Result-type marker: "an array of the input field's type". */
export interface FieldList {
  readonly [FIELD_LIST]: true;
}

/** The combine function itself. `add` and `merge` may mutate and return the buffer they are given. */
export interface AggregateFunction<In, Buf, Out> {
  init(): Buf;
  add(buf: Buf, value: In): Buf;
  merge(a: Buf, b: Buf): Buf;
  result(buf: Buf): Out;
  /**
   * True when the buffer is a plain number updated by `add` (count, sum): the aggregation stores
   * such buffers in a `Float64Array` column instead of an object per group.
   */
  readonly numeric?: boolean;
  /**
   * For numeric buffers: lets the aggregation inline `add` in its inner loop (`count`: +1,
   * `sum`: +value). Must give the same result as `add`.
   */
  readonly inline?: 'count' | 'sum';
  /** Converts a buffer to JSON-friendly data for snapshots (default: the buffer itself). */
  toJSON?(buf: Buf): unknown;
  fromJSON?(data: unknown): Buf;
}

/**
 * An aggregate applied to a field (or to the whole row when `field` is undefined, as `count()`).
 * `R` is the result type, or a marker resolved against the row type by `agg`.
 */
export interface AggregateSpec<F extends string | undefined = string | undefined, R = unknown> {
  readonly name: string;
  readonly field: F;
  // biome-ignore lint/suspicious/noExplicitAny: aggregate functions of every input, state and result type share this slot
  readonly fn: AggregateFunction<any, any, any>;
  /** Phantom: the result type. */
  readonly __result?: R;
}

/** The output type of one aggregate spec over rows of type `T`. */
export type AggResult<T, S> =
  S extends AggregateSpec<infer F, infer R>
    ? R extends FieldType
      ? F extends keyof T
        ? T[F]
        : never
      : R extends FieldList
        ? F extends keyof T
          ? T[F][]
          : never
        : R
    : never;

/** The output columns of `agg({ ... })` over rows of type `T`. */
export type AggColumns<T, A extends Record<string, AggregateSpec>> = { [K in keyof A]: AggResult<T, A[K]> };
