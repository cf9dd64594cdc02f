/**
 * The browser side of a use case's namespace: one socket.io connection, a result table per
 * query with output-mode semantics (update: keyed; append: bounded tail; complete: replaced),
 * the latest progress per query, and the connection state.
 */
import { io, type Socket } from 'socket.io-client';
import type { BatchMessage, BatchSummary, LiveClientEvents, LiveServerEvents, SnapshotMessage } from '../protocol.js';
import { ResultTable } from '../result-table.js';
import { queryId, type LiveQuery, type QueryRef } from '../queries.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

export interface QueryView {
  readonly query: string;
  readonly table: ResultTable;
  /** The last message received (null before any, or after a snapshot). */
  readonly last: BatchMessage | null;
  readonly progress: BatchSummary | null;
  /** Rows the query's watermark dropped since the query started (the server's total, as `/metrics` counts them). */
  readonly lateRowsTotal: number;
  /** The newest event time the query has seen (epoch ms), or null: windows that end by then are complete. */
  readonly maxEventTimeMs: number | null;
  /** `[batch time (epoch ms), input rows]` of the batch messages of the last minute, oldest first. */
  readonly inputHistory: readonly (readonly [timeMs: number, rows: number])[];
}

/** How much input history a view keeps (by batch time), for rates over the last seconds. */
const INPUT_HISTORY_MS = 60_000;

export type QueryListener = (view: QueryView, msg: BatchMessage | SnapshotMessage, kind: 'batch' | 'snapshot') => void;

export interface LiveClientOptions {
  /** Rows kept per query table. Default 500. */
  maxRows?: number;
  /** Access token (defaults to the one the page was opened with, see {@link pageToken}). */
  token?: string;
  /** Server URL (default: this page's origin). */
  url?: string;
}

const TOKEN_KEY = 'streamlab-token';

/**
 * The access token for this page: taken from `?token=` once (then removed from the address
 * bar and kept in sessionStorage), or null.
 *
 * @example
 * // opened as /demo/?token=abc...
 * pageToken(); // 'abc...'
 */
export function pageToken(): string | null {
  const url = new URL(location.href);
  const t = url.searchParams.get('token');
  if (t) {
    sessionStorage.setItem(TOKEN_KEY, t);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.toString());
    return t;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * `fetch` of a JSON API with the page's token.
 *
 * @example
 * const useCases = await fetchJson<UseCaseSummary[]>('/api/use-cases');
 */
export async function fetchJson<T>(path: string): Promise<T> {
  const token = pageToken();
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

class View implements QueryView {
  last: BatchMessage | null = null;
  progress: BatchSummary | null = null;
  maxEventTimeMs: number | null = null;
  inputHistory: [number, number][] = [];
  readonly table: ResultTable;
  constructor(
    readonly query: string,
    maxRows: number,
  ) {
    this.table = new ResultTable({ maxRows });
  }

  get lateRowsTotal(): number {
    return this.progress?.totals?.lateRows ?? 0;
  }

  /** Takes a message's progress: the newest event time only grows (an idle batch has none). */
  see(p: BatchSummary | null): void {
    if (!p) return;
    this.progress = p;
    if (p.maxEventTimeMs !== null && (this.maxEventTimeMs === null || p.maxEventTimeMs > this.maxEventTimeMs)) this.maxEventTimeMs = p.maxEventTimeMs;
  }
}

/**
 * A live connection to one use case.
 *
 * @example
 * const live = new LiveClient('demo');
 * live.onQuery('alerts', (view) => render(view.table.rows()));
 * live.onState((s) => badge.textContent = s);
 */
export class LiveClient {
  readonly socket: Socket<LiveServerEvents, LiveClientEvents>;
  private readonly views = new Map<string, View>();
  private readonly listeners = new Map<string, Set<QueryListener>>();
  private readonly anyListeners = new Set<QueryListener>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private current: ConnectionState = 'connecting';
  private readonly maxRows: number;

  constructor(
    readonly namespace: string,
    opts: LiveClientOptions = {},
  ) {
    this.maxRows = opts.maxRows ?? 500;
    const token = opts.token ?? pageToken();
    const base = opts.url ?? '';
    this.socket = io(`${base}/${namespace}`, {
      transports: ['websocket'],
      // The server checks the token at the handshake, before any namespace; a browser's
      // WebSocket cannot send headers, so it goes in the handshake's query.
      query: token ? { token } : {},
      auth: token ? { token } : {},
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
    });
    this.socket.on('connect', () => this.setState('live'));
    this.socket.on('disconnect', () => this.setState('reconnecting'));
    this.socket.on('connect_error', (err) => {
      if (/unauthorized/.test(err.message)) return this.unauthorized();
      this.setState('reconnecting');
      // A handshake refused for its token fails like a server that is down (a browser does not
      // see why a WebSocket failed): ask the API, which answers 401 then.
      fetch(`${base}/api/use-cases`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }).then(
        (res) => {
          if (res.status === 401 && !this.socket.connected) this.unauthorized();
        },
        () => {}, // down: the socket keeps retrying
      );
    });
    this.socket.on('snapshot', (msg) => {
      const v = this.view(msg.query);
      v.table.load(msg.outputMode, msg.keyFields, msg.rows);
      v.progress = null;
      v.see(msg.progress);
      v.last = null;
      v.inputHistory = [];
      this.emit(v, msg, 'snapshot');
    });
    this.socket.on('batch', (msg) => this.applyBatch(msg));
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Applies a batch message to its query's table (exposed for tests and replays). */
  applyBatch(msg: BatchMessage): void {
    const v = this.view(msg.query);
    v.table.apply(msg.outputMode, msg.keyFields, msg.rows, msg.removed);
    v.last = msg;
    v.see(msg.progress);
    const t = Date.parse(msg.progress.timestamp);
    if (Number.isFinite(t)) {
      v.inputHistory.push([t, msg.progress.numInputRows]);
      let old = 0;
      while (old < v.inputHistory.length - 1 && v.inputHistory[old]![0] < t - INPUT_HISTORY_MS) old++;
      if (old > 0) v.inputHistory.splice(0, old);
    }
    this.emit(v, msg, 'batch');
  }

  /** The view of a query (created empty on first use). */
  view(ref: QueryRef): View {
    const query = queryId(ref);
    let v = this.views.get(query);
    if (!v) this.views.set(query, (v = new View(query, this.maxRows)));
    return v;
  }

  queries(): string[] {
    return [...this.views.keys()];
  }

  /** Calls `fn` on every message of `query` (and once now if the query has data). */
  onQuery(ref: QueryRef, fn: QueryListener): () => void {
    const query = queryId(ref);
    let set = this.listeners.get(query);
    if (!set) this.listeners.set(query, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  /**
   * Calls `fn` with the current rows of a declared query, typed by its handle, on every message.
   *
   * @example
   * live.on(queries.alerts, (rows) => rows.map((a) => a.reason)); // rows: AlertRow[]
   */
  on<Row extends object>(query: LiveQuery<Row>, fn: (rows: Row[], view: QueryView) => void): () => void {
    return this.onQuery(query, (view) => fn(view.table.rows() as unknown as Row[], view));
  }

  /** Calls `fn` on every message of every query. */
  onAny(fn: QueryListener): () => void {
    this.anyListeners.add(fn);
    return () => this.anyListeners.delete(fn);
  }

  onState(fn: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(fn);
    fn(this.current);
    return () => this.stateListeners.delete(fn);
  }

  /**
   * Sends an event to the use case (one it registered with `hub.clientEvents.on`) and resolves
   * with its result: `{ ok: true, value? }`, or `{ ok: false, error }` when it was refused
   * (invalid, rate-limited, unknown), failed, or got no answer within `timeoutMs`.
   *
   * @example
   * const r = await live.send('ack', { alertId }); // r.ok
   */
  send(event: string, payload: unknown, timeoutMs = 5_000): Promise<{ ok: boolean; value?: unknown; error?: string }> {
    return new Promise((resolve) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, result: { ok: boolean; value?: unknown; error?: string }) => {
        resolve(err ? { ok: false, error: this.socket.connected ? 'no answer from the server' : 'not connected' } : result);
      });
    });
  }

  close(): void {
    this.socket.close();
  }

  private emit(v: View, msg: BatchMessage | SnapshotMessage, kind: 'batch' | 'snapshot'): void {
    for (const fn of this.listeners.get(v.query) ?? []) fn(v, msg, kind);
    for (const fn of this.anyListeners) fn(v, msg, kind);
  }

  /** A wrong or missing token stays so: stop retrying (reopening the page with `?token=` starts over). */
  private unauthorized(): void {
    this.socket.disconnect();
    this.setState('unauthorized');
  }

  private setState(s: ConnectionState): void {
    if (s === this.current) return;
    this.current = s;
    for (const fn of this.stateListeners) fn(s);
  }
}
