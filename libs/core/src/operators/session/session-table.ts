/**
 * The session operator's state: group key → its sessions, changed in place, with what each batch
 * changed (touched and removed keys) for delta checkpoints, and a running session count.
 */

/** Slots of a session in `KeySessions.t`: start, end, emitted start, emitted end, changed-at stamp. */
export const STRIDE = 5;
export const START = 0;
export const END = 1;
/** The window of the row last emitted for the session in update mode (NaN: never emitted). */
export const EMITTED_START = 2;
export const EMITTED_END = 3;
/** The batch (`batchId + 1`) that last changed the session. */
export const CHANGED_AT = 4;

/**
 * The sessions of one key, sorted by start, never overlapping or touching, stored column-wise so a
 * row touches two flat arrays instead of an object per session: `t` holds `STRIDE` numbers per
 * session (unboxed doubles), `b` holds the aggregation buffers (`width` per session; doubles too
 * when every buffer is a number).
 */
export class KeySessions {
  /** Number of sessions. */
  n = 0;
  readonly t: number[];
  readonly b: unknown[];
  /** Per session, windows of rows emitted earlier for sessions merged into it in this batch (update mode retractions); undefined while none. */
  r: ([number, number][] | undefined)[] | undefined = undefined;

  /**
   * @param stamp the batch that last touched this key (`batchId + 1`).
   * @param numeric whether every buffer is a number (`b` then starts as a double array).
   */
  constructor(
    readonly key: unknown,
    public stamp: number,
    numeric: boolean,
  ) {
    // start both arrays in V8's double-elements form (so numbers are stored unboxed)
    const t = [0.5];
    t.length = 0;
    this.t = t;
    if (numeric) {
      const b: unknown[] = [0.5];
      b.length = 0;
      this.b = b;
    } else this.b = [];
  }
}

export class SessionTable {
  readonly byKey = new Map<unknown, KeySessions>();
  /** Number of sessions over all keys. */
  sessions = 0;
  /** Keys changed by the batch in progress (each once). */
  touched: KeySessions[] = [];
  /** Keys whose last session was removed by the batch in progress. */
  removedKeys: unknown[] = [];
  /** What the last committed batch changed. */
  committed: { touched: KeySessions[]; removed: unknown[] } = { touched: [], removed: [] };

  /** @param numeric whether every aggregation buffer is a number. */
  constructor(readonly numeric: boolean) {}

  /** The sessions of `key` for changing in batch `stamp` (created empty if absent). */
  touch(key: unknown, stamp: number): KeySessions {
    let e = this.byKey.get(key);
    if (e === undefined) {
      e = new KeySessions(key, stamp, this.numeric);
      this.byKey.set(key, e);
      this.touched.push(e);
    } else if (e.stamp !== stamp) {
      e.stamp = stamp;
      this.touched.push(e);
    }
    return e;
  }

  /** Marks an existing key as changed in batch `stamp`. */
  mark(e: KeySessions, stamp: number): void {
    if (e.stamp !== stamp) {
      e.stamp = stamp;
      this.touched.push(e);
    }
  }

  remove(key: unknown): void {
    this.byKey.delete(key);
    this.removedKeys.push(key);
  }

  /** The batch committed: its changes become the delta. */
  commit(): void {
    this.committed = { touched: this.touched, removed: this.removedKeys };
    this.touched = [];
    this.removedKeys = [];
  }

  clear(): void {
    this.byKey.clear();
    this.sessions = 0;
    this.touched = [];
    this.removedKeys = [];
    this.committed = { touched: [], removed: [] };
  }
}
