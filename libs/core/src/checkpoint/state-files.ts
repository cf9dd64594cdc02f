/**
 * The state files of one stateful operator: `state/<operatorId>/<version>.delta` and
 * `state/<operatorId>/<version>.snapshot` (Spark's HDFS-backed state store layout, without the
 * partition level: a StreamLab query runs one partition).
 *
 * ```
 * v2
 * {"operatorId":0,"kind":"delta","version":7,"records":2}
 * [[["card-1","FR"],{"n":3}],[["card-9","DE"]]]
 * ```
 *
 * A delta holds the keys a batch put (`[key, value]`) or removed (`[key]`); a snapshot holds every
 * entry (`[key, value]` pairs for keyed stores; whatever an operator's `snapshot()` returns
 * otherwise). Records go in lines of up to 4,096, each a JSON array (`log-format.ts`); deltas of
 * format v1, one `{"put":[key,value]}` or `{"remove":key}` per line, are still read. Keys and values
 * go through a {@link StateCodec}, so Maps, Sets, bigints and typed arrays survive.
 */
import { checkpointError, CORRUPT_HINT } from './checkpoint-error.js';
import { defaultCheckpointFileManager } from './file-manager-registry.js';
import { isTempFile, readRequiredText, type CheckpointFileManager } from './file-manager.js';
import { joinPath as join } from './paths.js';
import { decodeRecords, encodeRecordChunks, RECORDS_PER_LINE } from './log-format.js';
import { minVersionToKeep, stateChain, type StateFileListing } from './state-chain.js';
import type { Json, StateCodec } from './value-codec.js';

/** What a load returns: the entries of the version and the operator-level `meta` stored with it. */
export interface LoadedState {
  entries: unknown[];
  meta: unknown;
}

const STATE_FILE = /^(0|[1-9]\d*)\.(delta|snapshot)$/;

/**
 * @example
 * const files = new OperatorStateFiles('/cp/state/0', 0, new StateCodec());
 * await files.writeDelta(1, [['a', 1]], []);
 * files.load(1); // { entries: [['a', 1]], meta: undefined }
 */
export class OperatorStateFiles {
  readonly dir: string;
  readonly operatorId: number;
  private readonly codec: StateCodec;
  private readonly fm: CheckpointFileManager;

  constructor(dir: string, operatorId: number, codec: StateCodec, fm: CheckpointFileManager = defaultCheckpointFileManager(dir)) {
    this.fm = fm;
    this.dir = dir;
    this.operatorId = operatorId;
    this.codec = codec;
  }

  /** The file of `version` of `kind`. */
  pathOf(version: number, kind: 'delta' | 'snapshot'): string {
    return join(this.dir, `${version}.${kind}`);
  }

  /** The versions of the delta and snapshot files on disk, ascending. */
  listing(): StateFileListing {
    const snapshots: number[] = [];
    const deltas: number[] = [];
    for (const name of this.fm.list(this.dir)) {
      const m = STATE_FILE.exec(name);
      if (m) (m[2] === 'delta' ? deltas : snapshots).push(Number(m[1]));
    }
    const asc = (a: number, b: number) => a - b;
    return { snapshots: snapshots.sort(asc), deltas: deltas.sort(asc) };
  }

  /**
   * Writes the changes that made `version` (replacing a file a replayed batch left behind).
   * `detached` (see `StateChanges.detached`) on a manager that `defersContent`: the records are only
   * checked now and their text is handed over as a function, called when the file is first read;
   * otherwise the text is built now.
   */
  async writeDelta(
    version: number,
    updated: readonly (readonly [unknown, unknown])[],
    removed: readonly unknown[],
    meta?: unknown,
    detached = false,
  ): Promise<void> {
    const header = this.header('delta', version, meta);
    const text = () => {
      // A put is the `[key, value]` pair, a remove `[key]`; one JSON text per line of records
      // (this runs for every group a batch changed: no encoded copy is built of plain JSON).
      const lines = [...this.lines(updated), ...this.lines(removed, (k) => [k])];
      return encodeRecordChunks(header, updated.length + removed.length, lines);
    };
    const later = detached && this.fm.defersContent === true;
    if (later) {
      // A value the codec cannot write fails this batch, as it would with the text built now.
      for (const entry of updated) this.codec.check(entry);
      for (const k of removed) this.codec.check(k);
    }
    await this.fm.createAtomic(this.pathOf(version, 'delta'), later ? text : text(), { overwrite: true });
  }

  /** Writes every entry of `version` (`detached`: as for `writeDelta`). */
  async writeSnapshot(version: number, entries: readonly unknown[], meta?: unknown, detached = false): Promise<void> {
    const header = this.header('snapshot', version, meta);
    const text = () => {
      return encodeRecordChunks(header, entries.length, this.lines(entries));
    };
    const later = detached && this.fm.defersContent === true;
    if (later) for (const entry of entries) this.codec.check(entry);
    await this.fm.createAtomic(this.pathOf(version, 'snapshot'), later ? text : text(), { overwrite: true });
  }

  /**
   * The entries of `version` (its base snapshot plus the deltas after it; version 0 is empty) and
   * the `meta` of its last file. Missing or damaged files throw an error naming the file.
   */
  load(version: number): LoadedState {
    const chain = stateChain(this.listing(), version, this.dir);
    const top = chain.deltas.length > 0 ? this.pathOf(version, 'delta') : this.pathOf(chain.snapshot, 'snapshot');
    let meta: Json | undefined;
    const base = chain.snapshot === 0 ? [] : this.readRecords(chain.snapshot, 'snapshot', (m) => (meta = m));
    if (chain.deltas.length === 0) return { entries: base.map((r) => this.decode(r, top)), meta: this.decodeMeta(meta, top) };
    // Apply deltas on the encoded form, keyed by the key's JSON text (load time only, never per event).
    const byKey = new Map<string, Json>();
    for (const entry of base) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw corrupt(this.pathOf(chain.snapshot, 'snapshot'), 'has entries that are not [key, value] pairs, so deltas cannot be applied to it');
      }
      byKey.set(JSON.stringify(entry[0]), entry);
    }
    for (const v of chain.deltas) {
      const file = this.pathOf(v, 'delta');
      for (const rec of this.readRecords(v, 'delta', (m) => (meta = m))) {
        if (Array.isArray(rec) && rec.length === 2) byKey.set(JSON.stringify(rec[0]), rec);
        else if (Array.isArray(rec) && rec.length === 1) byKey.delete(JSON.stringify(rec[0]));
        else throw corrupt(file, `has a record that is neither a put [key, value] nor a remove [key]: ${JSON.stringify(rec).slice(0, 80)}`);
      }
    }
    const entries: unknown[] = [];
    for (const entry of byKey.values()) entries.push(this.decode(entry, top));
    return { entries, meta: this.decodeMeta(meta, top) };
  }

  /** Rebuilds `version` from the files and writes it as a snapshot (compaction of its delta chain). */
  async compact(version: number): Promise<void> {
    const { entries, meta } = this.load(version);
    await this.writeSnapshot(version, entries, meta);
  }

  /**
   * Deletes files no version in `[latest - retain + 1, latest]` needs, and temp files left by
   * interrupted writes. Returns the names deleted.
   */
  async purge(latest: number, retain: number): Promise<string[]> {
    const keepFrom = minVersionToKeep(this.listing(), latest, retain);
    const gone: string[] = [];
    for (const name of this.fm.list(this.dir)) {
      const m = STATE_FILE.exec(name);
      if ((m && Number(m[1]) < keepFrom) || isTempFile(name)) {
        await this.fm.delete(join(this.dir, name));
        gone.push(name);
      }
    }
    return gone;
  }

  /** Deletes the file of `version` of `kind` if it exists (a snapshot left by a failed attempt). */
  async remove(version: number, kind: 'delta' | 'snapshot'): Promise<void> {
    await this.fm.delete(this.pathOf(version, kind));
  }

  private header(kind: 'delta' | 'snapshot', version: number, meta: unknown): Record<string, unknown> {
    const h: Record<string, unknown> = { operatorId: this.operatorId, kind, version };
    if (meta !== undefined) h.meta = this.codec.encode(meta);
    return h;
  }

  /** The records of a file; a v1 delta's (`{"put":[key,value]}`, `{"remove":key}`) in the v2 form (`[key, value]`, `[key]`). */
  private readRecords(version: number, kind: 'delta' | 'snapshot', onMeta: (meta: Json | undefined) => void): Json[] {
    const file = this.pathOf(version, kind);
    const {
      header,
      records,
      version: format,
    } = decodeRecords(file, readRequiredText(this.fm, file, `state version ${version} of operator ${this.operatorId} needs it`));
    if (header.kind !== kind || header.version !== version || header.operatorId !== this.operatorId) {
      throw corrupt(file, `has the header of another file (${JSON.stringify(header).slice(0, 120)})`);
    }
    onMeta(header.meta as Json | undefined);
    if (kind === 'snapshot' || format > 1) return records as Json[];
    return records.map((rec): Json => {
      const r = (rec !== null && typeof rec === 'object' && !Array.isArray(rec) ? rec : {}) as { put?: Json; remove?: Json };
      if (Array.isArray(r.put) && r.put.length === 2) return r.put;
      if ('remove' in r) return [r.remove!];
      throw corrupt(file, `has a record that is neither {"put":[key,value]} nor {"remove":key}: ${JSON.stringify(rec).slice(0, 80)}`);
    });
  }

  /** The JSON text of `records` in lines of up to `RECORDS_PER_LINE`, each record passed through `wrap` first. */
  private lines(records: readonly unknown[], wrap?: (record: unknown) => unknown): string[] {
    const out: string[] = [];
    for (let i = 0; i < records.length; i += RECORDS_PER_LINE) {
      const line = records.slice(i, i + RECORDS_PER_LINE);
      if (wrap) for (let j = 0; j < line.length; j++) line[j] = wrap(line[j]);
      out.push(this.codec.encodeText(line));
    }
    return out;
  }

  private decodeMeta(meta: Json | undefined, file: string): unknown {
    return meta === undefined ? undefined : this.decode(meta, file);
  }

  private decode(entry: Json, file: string): unknown {
    try {
      return this.codec.decode(entry);
    } catch (err) {
      throw corrupt(file, `holds a value that cannot be decoded: ${(err as Error).message}`, err);
    }
  }
}

function corrupt(file: string, what: string, cause?: unknown) {
  return checkpointError('CHECKPOINT_CORRUPT', file, `checkpoint file ${file} ${what}`, CORRUPT_HINT, {}, cause);
}
