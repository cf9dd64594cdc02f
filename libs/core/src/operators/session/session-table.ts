/**
 * The session operator's state: group key → its sessions, changed in place, with what each batch
 * changed (touched and removed keys) for delta checkpoints, and a running session count.
 */
import type { Session } from './session-list.js';

/**
 * The sessions of one key, sorted by start: the array itself carries the key and the batch that
 * last touched it, so a row reaches its sessions with one Map lookup and no extra object.
 */
export type KeySessions = Session[] & {
  readonly key: unknown;
  /** The batch that last touched this key (`batchId + 1`). */
  stamp: number;
};

/** A key's session list (every list gets its properties in the same order: one hidden class). */
export function keySessions(key: unknown, stamp: number, sessions: Session[] = []): KeySessions {
  const list = sessions as Session[] & { key: unknown; stamp: number };
  list.key = key;
  list.stamp = stamp;
  return list;
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

  /** The sessions of `key` for changing in batch `stamp` (created empty if absent). */
  touch(key: unknown, stamp: number): KeySessions {
    let e = this.byKey.get(key);
    if (e === undefined) {
      e = keySessions(key, stamp);
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
