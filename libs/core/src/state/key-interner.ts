import { StreamlabError } from '../errors.js';

/**
 * Interns multi-column keys into canonical tuple objects through nested Maps, so a tuple key can
 * be used as a `Map` key by identity, without building a composite string per event. Looking up an
 * existing key allocates nothing.
 *
 * @example
 * const keys = new KeyInterner(2);
 * keys.intern2('card-1', 'FR') === keys.intern2('card-1', 'FR'); // true
 */
export class KeyInterner {
  readonly arity: number;
  private readonly root = new Map<unknown, unknown>();
  private count = 0;

  constructor(arity: number) {
    if (!(arity >= 1))
      throw new StreamlabError('BAD_ARGUMENT', `KeyInterner arity must be >= 1, got ${arity}`, { value: arity, hint: 'use the number of key columns' });
    this.arity = arity;
  }

  /** Number of distinct keys interned. */
  get size(): number {
    return this.count;
  }

  /** Interns a 2-column key. */
  intern2(a: unknown, b: unknown): readonly unknown[] {
    let level = this.root.get(a) as Map<unknown, readonly unknown[]> | undefined;
    if (level === undefined) {
      level = new Map();
      this.root.set(a, level);
    }
    let key = level.get(b);
    if (key === undefined) {
      key = Object.freeze([a, b]);
      level.set(b, key);
      this.count += 1;
    }
    return key;
  }

  /** Interns a key of any arity, reading columns `fields` of `row` (no intermediate array). */
  internRow(row: Record<string, unknown>, fields: readonly string[]): readonly unknown[] {
    let level: Map<unknown, unknown> = this.root;
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
    const lastValue = row[fields[last]!];
    let key = level.get(lastValue) as readonly unknown[] | undefined;
    if (key === undefined) {
      const tuple = new Array<unknown>(fields.length);
      for (let i = 0; i < fields.length; i++) tuple[i] = row[fields[i]!];
      key = Object.freeze(tuple);
      level.set(lastValue, key);
      this.count += 1;
    }
    return key;
  }

  /** Forgets a key (when its state is removed), pruning empty levels. */
  forget(key: readonly unknown[]): void {
    const path: Map<unknown, unknown>[] = [];
    let level: Map<unknown, unknown> | undefined = this.root;
    for (let i = 0; i < key.length - 1 && level; i++) {
      path.push(level);
      level = level.get(key[i]) as Map<unknown, unknown> | undefined;
    }
    if (!level || level.get(key[key.length - 1]) !== key) return;
    level.delete(key[key.length - 1]);
    this.count -= 1;
    for (let i = path.length - 1; i >= 0 && level.size === 0; i--) {
      path[i]!.delete(key[i]);
      level = path[i]!;
    }
  }
}
