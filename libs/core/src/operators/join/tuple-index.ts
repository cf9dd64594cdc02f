/**
 * A multimap from join-key tuples to rows: nested Maps by column value, so lookups read the key
 * columns straight from the row (no composite string, no tuple allocated per lookup). A key with
 * a null or undefined column never matches (SQL equality), so such rows are not indexed.
 */
export class TupleIndex<R> {
  private readonly root = new Map<unknown, unknown>();
  private readonly fields: readonly string[];
  /** The row an indexed item stands for (the item itself by default). */
  private readonly rowOf: (item: R) => unknown;
  private count = 0;

  constructor(fields: readonly string[], rowOf: (item: R) => unknown = (item) => item) {
    this.fields = fields;
    this.rowOf = rowOf;
  }

  /** Number of rows indexed. */
  get size(): number {
    return this.count;
  }

  /**
   * @example
   * const idx = new TupleIndex<Profile>(['cardId']);
   * idx.add(profile);
   * idx.get({ cardId: 'c1' }, ['cardId']); // [profile]
   */
  add(item: R): void {
    const fields = this.fields;
    const row = this.rowOf(item);
    let level = this.root;
    const last = fields.length - 1;
    for (let i = 0; i < last; i++) {
      const v = (row as Record<string, unknown>)[fields[i]!];
      if (v === null || v === undefined) return;
      let next = level.get(v) as Map<unknown, unknown> | undefined;
      if (next === undefined) level.set(v, (next = new Map()));
      level = next;
    }
    const v = (row as Record<string, unknown>)[fields[last]!];
    if (v === null || v === undefined) return;
    const list = level.get(v) as R[] | undefined;
    if (list === undefined) level.set(v, [item]);
    else list.push(item);
    this.count += 1;
  }

  /** The items of a one-column key `value` (the fast path of single-column joins). */
  getOne(value: unknown): R[] | undefined {
    if (value === null || value === undefined) return undefined;
    return this.root.get(value) as R[] | undefined;
  }

  /** The rows whose key equals `row`'s columns `fields` (same arity), or `undefined`. */
  get(row: Record<string, unknown>, fields: readonly string[]): R[] | undefined {
    let level: Map<unknown, unknown> | undefined = this.root;
    for (let i = 0; i < fields.length && level !== undefined; i++) {
      const v = row[fields[i]!];
      if (v === null || v === undefined) return undefined;
      if (i === fields.length - 1) return level.get(v) as R[] | undefined;
      level = level.get(v) as Map<unknown, unknown> | undefined;
    }
    return undefined;
  }

  /** Removes one item (by identity). */
  remove(item: R): boolean {
    const fields = this.fields;
    const row = this.rowOf(item);
    let level: Map<unknown, unknown> | undefined = this.root;
    for (let i = 0; i < fields.length - 1 && level !== undefined; i++)
      level = level.get((row as Record<string, unknown>)[fields[i]!]) as Map<unknown, unknown> | undefined;
    if (level === undefined) return false;
    const lastValue = (row as Record<string, unknown>)[fields[fields.length - 1]!];
    const list = level.get(lastValue) as R[] | undefined;
    if (list === undefined) return false;
    const i = list.indexOf(item);
    if (i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) level.delete(lastValue);
    this.count -= 1;
    return true;
  }

  clear(): void {
    this.root.clear();
    this.count = 0;
  }
}
