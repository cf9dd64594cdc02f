/**
 * `staticTable(rows | loader)`: the static side of a stream-static join (reference data: card
 * profiles, routes, patient baselines, machine specs).
 *
 * - Given rows, the table is fixed.
 * - Given an async loader, the table is cached and reloaded every `refreshInterval` of processing
 *   time (the course's "caching / persistence" topic). Loading is I/O, so it happens at the port:
 *   the table is a `Source` of the query whose offset is the table version. A check that finds the
 *   cache stale awaits the loader (once per refresh, never per event) and the batch that reads the
 *   new version hands its rows to the join, which rebuilds its index. Until a reload succeeds the
 *   previous version stays in use; a failed reload is logged and retried one interval later. A
 *   failed first load fails the query (nothing can be joined without the table).
 *
 * The table's rows show up in progress as the input rows of `StaticTable[name]` in the batch that
 * (re)loaded it.
 */
import { parseDuration, type Duration } from '../../duration.js';
import { StreamlabError } from '../../errors.js';
import type { Clock, Logger, Offset, Source, SourceContext } from '../../ports.js';

export type TableLoader<R> = () => Promise<readonly R[]> | readonly R[];

export interface StaticTableOptions {
  /** Shown in progress (`StaticTable[name]`) and errors. */
  name?: string;
  /** Reload the table this often (processing time). Default: load once. */
  refreshInterval?: Duration;
}

let tables = 0;

export class StaticTable<R> {
  readonly name: string;
  /** The fixed rows (a table given as rows), else `undefined`. */
  readonly rows: readonly R[] | undefined;
  private readonly loader: TableLoader<R> | undefined;
  private readonly refreshMs: number | undefined;

  constructor(data: readonly R[] | TableLoader<R>, options: StaticTableOptions = {}) {
    this.name = options.name ?? `table-${tables++}`;
    if (typeof data === 'function') {
      const refreshMs =
        options.refreshInterval === undefined ? undefined : parseDuration(options.refreshInterval, `refreshInterval of static table "${this.name}"`);
      if (refreshMs !== undefined && refreshMs <= 0) {
        throw new StreamlabError('BAD_REFRESH_INTERVAL', `refreshInterval of static table "${this.name}" must be positive`, {
          value: options.refreshInterval,
          hint: 'e.g. "5 minutes"',
        });
      }
      this.rows = undefined;
      this.loader = data;
      this.refreshMs = refreshMs;
    } else if (Array.isArray(data)) {
      this.rows = data;
      this.loader = undefined;
      this.refreshMs = undefined;
    } else {
      throw new StreamlabError('BAD_STATIC_TABLE', `static table "${this.name}" needs an array of rows or a loader function`, {
        value: data,
        hint: 'staticTable(rows) or staticTable(async () => fetchRows(), { refreshInterval: "5 minutes" })',
      });
    }
  }

  /** A loader-backed table's source for one query run (each query caches its own copy), else `undefined`. */
  openSource(): LoadingTableSource<R> | undefined {
    return this.loader === undefined ? undefined : new LoadingTableSource(this.name, this.loader, this.refreshMs);
  }
}

/**
 * The static side of a stream-static join, as rows or as a cached, refreshed async loader.
 *
 * @example
 * const profiles = staticTable(async () => db.cardProfiles(), { name: 'profiles', refreshInterval: '5 minutes' });
 * tx.join(profiles, 'cardId', 'leftOuter');
 */
export function staticTable<R>(data: readonly R[] | TableLoader<R>, options: StaticTableOptions = {}): StaticTable<R> {
  return new StaticTable(data, options);
}

/** The port side of a loader-backed table: offset = table version. */
export class LoadingTableSource<R> implements Source<R> {
  readonly description: string;
  private readonly loader: TableLoader<R>;
  private readonly refreshMs: number | undefined;
  private clock: Clock | undefined;
  private logger: Logger | undefined;
  private current: readonly R[] | undefined;
  private version = 0;
  private nextLoadMs = -Infinity;
  /** Number of successful loads (for tests and metrics). */
  loads = 0;

  constructor(name: string, loader: TableLoader<R>, refreshMs: number | undefined) {
    this.description = `StaticTable[${name}]`;
    this.loader = loader;
    this.refreshMs = refreshMs;
  }

  start(ctx: SourceContext): void {
    this.clock = ctx.clock;
    this.logger = ctx.logger;
    // A new run reloads: versions continue after the checkpointed one.
    this.current = undefined;
    this.nextLoadMs = -Infinity;
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const now = this.clock?.now() ?? 0;
    if (this.current === undefined || now >= this.nextLoadMs) {
      const base = Math.max(this.version, typeof start === 'number' ? start : 0);
      await this.load(now, base);
    }
    return this.version;
  }

  private async load(now: number, base: number): Promise<void> {
    let rows: readonly R[];
    try {
      rows = await this.loader();
      if (!Array.isArray(rows)) throw new TypeError(`the loader returned ${typeof rows}, not an array of rows`);
    } catch (e) {
      if (this.current === undefined) {
        throw new StreamlabError('STATIC_TABLE_LOAD_FAILED', `${this.description}: the first load failed: ${(e as Error)?.message ?? String(e)}`, {
          cause: e,
          value: this.description,
          hint: 'the join cannot run without its table: fix the loader (or its data store) and restart the query',
          retriable: true,
        });
      }
      this.logger?.warn({ table: this.description, err: e }, 'static table refresh failed; keeping the previous version');
      this.nextLoadMs = this.refreshMs === undefined ? Infinity : now + this.refreshMs;
      return;
    }
    this.current = rows;
    this.version = base + 1;
    this.loads += 1;
    this.nextLoadMs = this.refreshMs === undefined ? Infinity : now + this.refreshMs;
  }

  /** The table version the last batch read (set by `getBatch`), for the join to index. */
  served: { version: Offset; rows: readonly R[] } | undefined;

  getBatch(_start: Offset | null, end: Offset): readonly R[] {
    const rows = this.current ?? [];
    this.served = { version: end, rows };
    return rows;
  }
}
