/**
 * `MemoryStream<T>`: an in-memory, replayable source for tests, demos and the workshop (Spark's
 * MemoryStream). Offsets are row counts; every `addData` appends rows and wakes the query. As in
 * Spark, `addData([])` still moves the offset (by one empty entry), so the query runs a batch with
 * zero rows (in complete mode that re-emits the whole table).
 */
import type { Offset, ReadLimit, Source } from '../ports.js';
import { Stream } from '../stream/stream.js';

let nextId = 0;

/** The entry an `addData` with no rows leaves (it takes an offset, it is never a row). */
const EMPTY: unique symbol = Symbol('MemoryStream.empty');

export interface MemoryStreamOptions {
  /**
   * Names the stream in progress (`MemoryStream[<name>]`) and in a checkpoint's query shape.
   * Without it, progress shows a process-wide counter and a checkpoint records the stream by its
   * position in the plan.
   */
  name?: string;
  /**
   * The column names of its rows (Spark's MemoryStream has them from its encoder). Optional: an
   * outer join uses them for the null columns of a side that has had no rows yet.
   */
  columns?: readonly string[];
  /**
   * Declares that the rows are one partition of a stream partitioned by these columns (as a Kafka
   * topic's `partitionedBy`): every row of a key is in this stream. Only a query split by
   * partition reads it (a parallel query's worker per partition, `query/lockstep.ts`).
   */
  partitionedBy?: string | readonly string[];
}

export class MemoryStream<T> implements Source<T> {
  readonly description: string;
  /** The name given to the constructor, if any. */
  readonly name: string | undefined;
  readonly columns: readonly string[] | undefined;
  readonly partitioning: readonly string[] | undefined;
  /** The rows added, with `EMPTY` for each `addData` that added none (offsets count both). */
  private readonly rows: (T | typeof EMPTY)[] = [];
  private empties = 0;
  private readonly listeners = new Set<() => void>();
  private availableNowCap: number | undefined;

  /**
   * @example
   * const words = new MemoryStream<{ ts: number; word: string }>({ name: 'words' });
   * words.addData([{ ts: 0, word: 'dog' }]);
   */
  constructor(options?: MemoryStreamOptions | string) {
    this.name = typeof options === 'string' ? options : options?.name;
    this.columns = typeof options === 'string' ? undefined : options?.columns;
    const by = typeof options === 'string' ? undefined : options?.partitionedBy;
    this.partitioning = by === undefined ? undefined : typeof by === 'string' ? [by] : [...by];
    this.description = `MemoryStream[${this.name ?? nextId++}]`;
  }

  /**
   * What a checkpoint records for this stream at `position` in the plan: the description when the
   * stream is named, else `MemoryStream[#<position>]`, so a restarted process that creates its
   * unnamed streams in another order still matches the checkpoint.
   */
  checkpointDescription(position: number): string {
    return this.name === undefined ? `MemoryStream[#${position}]` : this.description;
  }

  /**
   * Appends rows (an array, or rows as arguments). Returns the offset after them.
   *
   * @example
   * words.addData({ ts: 1, word: 'owl' }, { ts: 2, word: 'cat' });
   */
  addData(...rows: (T | readonly T[])[]): number {
    const before = this.rows.length;
    for (const r of rows) {
      if (Array.isArray(r)) for (const x of r as readonly T[]) this.rows.push(x);
      else this.rows.push(r as T);
    }
    if (this.rows.length === before) {
      // Spark's MemoryStream: an empty addData is a new offset, so a batch with no rows runs.
      this.rows.push(EMPTY);
      this.empties += 1;
    }
    for (const l of [...this.listeners]) l();
    return this.rows.length;
  }

  /** The latest offset: rows added so far, plus one per `addData` that added none. */
  get size(): number {
    return this.rows.length;
  }

  /**
   * A `Stream` reading this source.
   *
   * @example
   * words.toStream().groupBy('word').count();
   */
  toStream(): Stream<T> {
    return Stream.fromSource(this);
  }

  latestOffset(start: Offset | null, limit: ReadLimit): Offset | null {
    const available = this.availableNowCap ?? this.rows.length;
    if (available === 0) return null;
    const from = typeof start === 'number' ? start : 0;
    if (limit.kind === 'maxRows') return Math.min(available, from + limit.maxRows);
    return available;
  }

  /** Caps the stream at the rows added so far, for a query with the `availableNow` trigger. */
  prepareForTriggerAvailableNow(): void {
    this.availableNowCap = this.rows.length;
  }

  getBatch(start: Offset | null, end: Offset): readonly T[] {
    const from = typeof start === 'number' ? start : 0;
    const out = this.rows.slice(from, end as number);
    return this.empties === 0 ? (out as T[]) : (out.filter((r) => r !== EMPTY) as T[]);
  }

  onData(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
