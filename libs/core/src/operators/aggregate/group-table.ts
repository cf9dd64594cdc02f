/**
 * The groups of one aggregation bucket (a window pane, a time key, or the whole stream): group key
 * → slot through a Map (single column) or nested Maps (several columns, no composite strings), and
 * the aggregate buffers in columns: `Float64Array` for numeric buffers (count, sum), plain arrays
 * otherwise. Per group that is a Map entry, a key reference and 8 bytes per numeric aggregate.
 */
import type { AggregateFunction } from '../../aggregates/aggregate.js';
import { lastLevel } from './tuple-index.js';

type Fn = AggregateFunction<unknown, unknown, unknown>;

export class GroupTable {
  /** Slot → key value (one column), key tuple (several) or `null` (no key columns). */
  keys: unknown[] = [];
  /** Per aggregate: the buffer column. */
  readonly numeric: (Float64Array | null)[];
  readonly objects: (unknown[] | null)[];
  /** Slot → last batch (id + 1) that updated it. */
  stamp: Int32Array;
  /** Slots updated in the current batch. */
  touched: number[] = [];
  size = 0;
  /** The bucket (pane start, time key or 0) this table holds; NaN for a merged window table. */
  bucket = Number.NaN;
  private capacity: number;
  /** Key (first column) → slot, or → next level for several columns. */
  readonly index = new Map<unknown, unknown>();
  private readonly fns: readonly Fn[];
  private readonly arity: number;

  constructor(fns: readonly Fn[], arity: number, capacity = 16) {
    this.fns = fns;
    this.arity = arity;
    this.capacity = capacity;
    this.stamp = new Int32Array(capacity);
    this.numeric = fns.map((f) => (f.numeric ? new Float64Array(capacity) : null));
    this.objects = fns.map((f) => (f.numeric ? null : []));
  }

  /** The slot of `row`'s group over `fields`, created (with initial buffers) if new. */
  slotOfRow(row: Record<string, unknown>, fields: readonly string[]): number {
    if (this.arity === 0) return this.size === 0 ? this.create(null) : 0;
    if (this.arity === 1) {
      const k = row[fields[0]!];
      const s = this.index.get(k) as number | undefined;
      return s === undefined ? this.insert1(k) : s;
    }
    let level = this.index;
    const last = fields.length - 1;
    for (let i = 0; i < last; i++) {
      const v = row[fields[i]!];
      let next = level.get(v) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    const lv = row[fields[last]!];
    const s = level.get(lv) as number | undefined;
    if (s !== undefined) return s;
    const tuple = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) tuple[i] = row[fields[i]!];
    const slot = this.create(tuple);
    level.set(lv, slot);
    return slot;
  }

  /** The slot of a key as stored in `keys` (value, tuple or null), or -1. */
  find(key: unknown): number {
    if (this.arity === 0) return this.size === 0 ? -1 : 0;
    if (this.arity === 1) return (this.index.get(key) as number | undefined) ?? -1;
    const tuple = key as unknown[];
    let level: Map<unknown, unknown> | undefined = this.index;
    for (let i = 0; i < tuple.length - 1 && level; i++) level = level.get(tuple[i]) as Map<unknown, unknown> | undefined;
    const s = level?.get(tuple[tuple.length - 1]) as number | undefined;
    return s ?? -1;
  }

  /** The slot of a stored key, created with initial buffers if new. */
  slotOfKey(key: unknown): number {
    const s = this.find(key);
    if (s >= 0) return s;
    const slot = this.insertKey(key, []);
    for (let j = 0; j < this.fns.length; j++) this.setBuffer(j, slot, this.fns[j]!.init());
    return slot;
  }

  /** Inserts a key with given buffers (restore). */
  insertKey(key: unknown, buffers: readonly unknown[]): number {
    let slot: number;
    if (this.arity === 0) slot = this.create(null);
    else if (this.arity === 1) slot = this.insert1(key);
    else {
      const tuple = key as unknown[];
      const level = lastLevel(this.index, tuple);
      slot = this.create(tuple);
      level.set(tuple[tuple.length - 1], slot);
    }
    for (let j = 0; j < this.fns.length; j++) this.setBuffer(j, slot, buffers[j]);
    return slot;
  }

  buffer(j: number, slot: number): unknown {
    const col = this.numeric[j];
    return col ? col[slot] : this.objects[j]![slot];
  }

  setBuffer(j: number, slot: number, value: unknown): void {
    const col = this.numeric[j];
    if (col) col[slot] = value as number;
    else this.objects[j]![slot] = value;
  }

  private insert1(k: unknown): number {
    const slot = this.create(k);
    this.index.set(k, slot);
    return slot;
  }

  private create(key: unknown): number {
    if (this.size === this.capacity) this.grow();
    const slot = this.size++;
    this.keys.push(key);
    for (let j = 0; j < this.fns.length; j++) {
      const col = this.numeric[j];
      if (col) col[slot] = this.fns[j]!.init() as number;
      else this.objects[j]!.push(this.fns[j]!.init());
    }
    return slot;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const stamp = new Int32Array(cap);
    stamp.set(this.stamp);
    this.stamp = stamp;
    for (let j = 0; j < this.numeric.length; j++) {
      const old = this.numeric[j];
      if (!old) continue;
      const next = new Float64Array(cap);
      next.set(old);
      this.numeric[j] = next;
    }
    this.capacity = cap;
  }

  /** Rough bytes used: Map entry + key reference + stamp + buffers. */
  estimateBytes(): number {
    let perSlot = 48 + 8 + 4;
    for (let j = 0; j < this.fns.length; j++) perSlot += this.numeric[j] ? 8 : 40;
    return this.size * perSlot;
  }
}
