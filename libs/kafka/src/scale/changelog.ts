/**
 * A stateful operator's state as changelog records (key = the encoded state key, value = the
 * encoded state value, `null` = tombstone) and back: what every batch's transaction writes, and
 * what a task's new owner reads to restore. Keys and values are encoded with the checkpoint's
 * value codec (`StateCodec`), so every state a checkpoint can hold can move.
 *
 * - Operators that report their changes (`stateChanges()`: aggregations, sessions, dedup, group
 *   state, stream-stream joins) write one record per changed key, with their `[key, value]`
 *   snapshot entries.
 * - Others (patterns) write their snapshot entries as keys (value `1`), and
 *   tombstones for the entries gone since the last batch (a diff per batch, O(state)).
 * - Operator-level values (`meta`, e.g. the last watermark an aggregation emitted at) go under the
 *   key `$meta`, which no encoded key can be (those are JSON texts).
 */
import type { CheckpointableOperator, Json, StateCodec, StateSnapshot } from '@streamlab/core';
import type { KafkaRecord, OutgoingRecord } from '../port.js';

/** The key of an operator's `meta` record. */
export const META_KEY = '$meta';

/** Turns one operator's committed batch into changelog records (one instance per operator per task). */
export class ChangelogWriter {
  /** Entries-as-keys operators: the keys written by the last batch (to tombstone what went). */
  private last: Set<string> | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly codec: StateCodec,
  ) {}

  /** Starts from restored entries (entries-as-keys operators diff against them). */
  seed(keys: Iterable<string>): void {
    this.last = new Set(keys);
  }

  /**
   * The records of the batch `op` just committed.
   *
   * @example
   * txn.send(writer.records(op)); // after op.commit(batchId)
   */
  records(op: CheckpointableOperator): OutgoingRecord[] {
    const { topic, partition, codec } = this;
    const out: OutgoingRecord[] = [];
    if (op.stateChanges) {
      const changes = op.stateChanges();
      for (const [k, v] of changes.updated) out.push({ topic, partition, key: codec.encodeText(k), value: codec.encodeText(v) });
      for (const k of changes.removed) out.push({ topic, partition, key: codec.encodeText(k), value: null });
      if (changes.meta !== undefined) out.push({ topic, partition, key: META_KEY, value: codec.encodeText(changes.meta) });
      return out;
    }
    const snap = op.snapshot();
    const now = new Set<string>();
    for (const e of snap.entries) now.add(codec.encodeText(e));
    const before = this.last ?? new Set<string>();
    for (const k of now) if (!before.has(k)) out.push({ topic, partition, key: k, value: '1' });
    for (const k of before) if (!now.has(k)) out.push({ topic, partition, key: k, value: null });
    if (snap.meta !== undefined) out.push({ topic, partition, key: META_KEY, value: codec.encodeText(snap.meta) });
    this.last = now;
    return out;
  }
}

/** Folds changelog records (in offset order) into the latest value per key. */
export class ChangelogRestore {
  private readonly latest = new Map<string, string>();
  private meta: string | undefined;
  /** Records read. */
  rows = 0;

  add(record: KafkaRecord): void {
    this.rows += 1;
    const key = record.key?.toString('utf8') ?? '';
    const value = record.value === null ? null : record.value.toString('utf8');
    if (key === META_KEY) this.meta = value ?? undefined;
    else if (value === null) this.latest.delete(key);
    else this.latest.set(key, value);
  }

  /** Starts from entries of a local state file (then the changelog's tail is added). */
  load(entries: readonly [string, string][], meta: string | undefined): void {
    for (const [k, v] of entries) this.latest.set(k, v);
    this.meta = meta;
  }

  /** The live entries and meta as texts (what a local state file keeps). */
  texts(): { entries: [string, string][]; meta?: string } {
    return this.meta === undefined ? { entries: [...this.latest] } : { entries: [...this.latest], meta: this.meta };
  }

  /** The latest value of `key` (raw text), if it is live. */
  latestValue(key: string): string | undefined {
    return this.latest.get(key);
  }

  /** The encoded keys now live (for `ChangelogWriter.seed`). */
  keys(): IterableIterator<string> {
    return this.latest.keys();
  }

  /**
   * The operator snapshot the records add up to, as `StatefulOperator.restore` takes it.
   *
   * @example
   * op.restore(restore.snapshot(op.operatorId, version, codec, typeof op.stateChanges === 'function'));
   */
  snapshot(operatorId: number, version: number, codec: StateCodec, pairs: boolean): StateSnapshot {
    const entries: unknown[] = [];
    for (const [k, v] of this.latest) {
      const key = codec.decode(JSON.parse(k) as Json);
      entries.push(pairs ? [key, codec.decode(JSON.parse(v) as Json)] : key);
    }
    const snap: StateSnapshot = { operatorId, version, entries };
    if (this.meta !== undefined) snap.meta = codec.decode(JSON.parse(this.meta) as Json);
    return snap;
  }
}
