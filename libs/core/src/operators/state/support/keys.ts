/**
 * Group keys of the issue-4 operators: one column → its value; several columns → an interned
 * tuple (`KeyInterner`), so no composite string is built per event. Snapshots hold plain tuples;
 * `reintern` turns them back into the canonical tuple objects after a restore.
 */
import { KeyInterner } from '../../../state/key-interner.js';

/** The key of a row with no key columns (every such row has the same key). */
const EMPTY_KEY: readonly unknown[] = Object.freeze([]);

export class RowKeys {
  readonly fields: readonly string[];
  private readonly interner: KeyInterner | undefined;
  /** The key column when there is exactly one (the key is then the column's value). */
  readonly single: string | undefined;

  constructor(fields: readonly string[]) {
    this.fields = fields;
    this.single = fields.length === 1 ? fields[0] : undefined;
    this.interner = fields.length > 1 ? new KeyInterner(fields.length) : undefined;
  }

  /**
   * The key of a row.
   *
   * @example
   * new RowKeys(['cardId']).of({ cardId: 'c1', amount: 3 }); // 'c1'
   */
  of(row: Record<string, unknown>): unknown {
    if (this.single !== undefined) return row[this.single];
    if (this.interner === undefined) return EMPTY_KEY;
    return this.interner!.internRow(row, this.fields);
  }

  /** The canonical key for a key read back from a snapshot. */
  reintern(key: unknown): unknown {
    if (this.single !== undefined) return key;
    if (this.interner === undefined) return EMPTY_KEY;
    const tuple = key as readonly unknown[];
    const row: Record<string, unknown> = {};
    for (let i = 0; i < this.fields.length; i++) row[this.fields[i]!] = tuple[i];
    return this.interner.internRow(row, this.fields);
  }

  /** Forgets an interned key whose state was removed (bounded memory). */
  forget(key: unknown): void {
    if (this.interner !== undefined) this.interner.forget(key as readonly unknown[]);
  }

  /** Writes the key's columns into an output row. */
  write(key: unknown, out: Record<string, unknown>): void {
    if (this.single !== undefined) {
      out[this.single] = key;
      return;
    }
    if (this.interner === undefined) return;
    const tuple = key as readonly unknown[];
    for (let i = 0; i < this.fields.length; i++) out[this.fields[i]!] = tuple[i];
  }
}

/**
 * Interns arbitrary user keys (`groupByKey(fn)`): primitives are used as is, arrays of primitives
 * are interned by length; anything else is not a valid key (returns `undefined`).
 */
export class ValueKeys {
  private readonly byArity = new Map<number, KeyInterner>();

  /**
   * @example
   * const k = new ValueKeys();
   * k.of(['a', 1]) === k.of(['a', 1]); // true
   */
  of(key: unknown): unknown {
    if (key === null || key === undefined) return undefined;
    const t = typeof key;
    if (t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint') return key;
    if (!Array.isArray(key) || key.length === 0) return undefined;
    let interner = this.byArity.get(key.length);
    if (interner === undefined) this.byArity.set(key.length, (interner = new KeyInterner(key.length)));
    const row: Record<string, unknown> = {};
    const fields: string[] = [];
    for (let i = 0; i < key.length; i++) {
      const v: unknown = key[i];
      if (v !== null && typeof v === 'object') return undefined;
      row[i] = v;
      fields.push(String(i));
    }
    return interner.internRow(row, fields);
  }

  forget(key: unknown): void {
    if (Array.isArray(key)) this.byArity.get(key.length)?.forget(key);
  }
}
