/**
 * The registry between sinks and servers: socket.io sinks open channels on it, a live server
 * attaches to it and broadcasts what the channels publish. Sinks and servers never hold each
 * other, so a query can start before or after the server, and tests can use a hub alone.
 */
import { StreamlabError, type StreamingQueryProgress } from '@streamlab/core';
import { ClientEvents } from './client-events.js';
import type { BatchMessage, BatchSummary } from './protocol.js';
import { QueryChannel, type ChannelOptions } from './query-channel.js';
import { addBatch, emptyTotals, type QueryTotals } from './query-totals.js';
import { systemScheduler, type Scheduler } from './scheduler.js';

/** Where published messages go (the live server implements it). */
export interface LiveTransport {
  publish(namespace: string, msg: BatchMessage, volatile: boolean): void;
}

export type BatchListener = (channel: QueryChannel, summary: BatchSummary) => void;
/** Told about every completed batch of every query of a use case (published to a dashboard or not). */
export type ProgressListener = (query: UseCaseQuery, progress: StreamingQueryProgress, totals: Readonly<QueryTotals>) => void;

/** A query of a use case: its namespace and name (a `QueryChannel` is one). */
export interface UseCaseQuery {
  readonly namespace: string;
  readonly query: string;
}

/** What the hub knows of one query from its progress events. */
export interface QueryProgressRecord extends UseCaseQuery {
  /** Every batch since the query started. */
  readonly totals: Readonly<QueryTotals>;
  /** Its latest completed batches, oldest first. */
  readonly recent: readonly StreamingQueryProgress[];
}

/** Completed batches kept per query (for `GET /api/<use-case>/progress?history=N`). */
export const PROGRESS_HISTORY = 100;

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Checks a use-case namespace name (`fraud-detection`): lowercase letters, digits and dashes.
 *
 * @example
 * assertNamespace('fraud-detection'); // ok
 * assertNamespace('Fraud Detection'); // throws StreamlabError LIVE_BAD_NAMESPACE
 */
export function assertNamespace(name: string): void {
  if (!NAME.test(name)) {
    throw new StreamlabError('LIVE_BAD_NAMESPACE', `"${name}" is not a valid use-case namespace`, {
      value: name,
      hint: 'use lowercase letters, digits and dashes, starting with a letter or digit (e.g. "fraud-detection")',
    });
  }
}

/**
 * Channels per use case and query, and the transports they publish to.
 *
 * @example
 * const hub = new LiveHub();
 * const ch = hub.channel('demo', 'counts');
 * hub.attach({ publish: (ns, msg) => console.log(ns, msg.rows.length) });
 */
export class LiveHub {
  private readonly byNamespace = new Map<string, Map<string, QueryChannel>>();
  private readonly transports = new Set<LiveTransport>();
  private readonly listeners = new Set<BatchListener>();
  private readonly progressListeners = new Set<ProgressListener>();
  private readonly records = new Map<string, Map<string, { namespace: string; query: string; totals: QueryTotals; recent: StreamingQueryProgress[] }>>();
  /**
   * Events dashboards send to their use case (validated, rate-limited, token-checked by the
   * server's namespace): `hub.clientEvents.on(ctx.namespace, 'ack', { schema, handle })`.
   */
  readonly clientEvents = new ClientEvents();

  constructor(private readonly scheduler: Scheduler = systemScheduler) {}

  /** The channel of `query` in `namespace`, created on first use (a restarted query gets a fresh one). */
  channel(namespace: string, query: string, opts: ChannelOptions = {}): QueryChannel {
    assertNamespace(namespace);
    let queries = this.byNamespace.get(namespace);
    if (!queries) this.byNamespace.set(namespace, (queries = new Map()));
    queries.get(query)?.dispose();
    const ch = new QueryChannel(
      namespace,
      query,
      (msg, volatile) => {
        for (const t of this.transports) t.publish(namespace, msg, volatile);
      },
      opts,
      this.scheduler,
      (c, s) => {
        for (const l of this.listeners) l(c, s);
      },
    );
    queries.set(query, ch);
    return ch;
  }

  /** Declares a namespace with no channel yet (so its dashboard connects before the first query). */
  ensureNamespace(namespace: string): void {
    assertNamespace(namespace);
    if (!this.byNamespace.has(namespace)) this.byNamespace.set(namespace, new Map());
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** Channels of one namespace, or of all. */
  channels(namespace?: string): QueryChannel[] {
    if (namespace !== undefined) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    return [...this.byNamespace.values()].flatMap((m) => [...m.values()]);
  }

  /**
   * Takes a query's completed-batch progress: counts it in the query's totals, keeps it in its
   * recent progress, routes it to its channel (by query name) when it has one, so dashboards get
   * the processing rate and batch duration, and tells the listeners (metrics), for every query.
   *
   * @example
   * query.on('progress', (p) => hub.recordProgress('demo', p));
   */
  recordProgress(namespace: string, progress: StreamingQueryProgress): void {
    const query = progress.name ?? progress.id;
    let byQuery = this.records.get(namespace);
    if (!byQuery) this.records.set(namespace, (byQuery = new Map()));
    let r = byQuery.get(query);
    if (!r) byQuery.set(query, (r = { namespace, query, totals: emptyTotals(), recent: [] }));
    addBatch(r.totals, progress);
    r.recent.push(progress);
    if (r.recent.length > PROGRESS_HISTORY) r.recent.shift();
    this.byNamespace.get(namespace)?.get(query)?.recordProgress(progress);
    for (const l of this.progressListeners) l(r, progress, r.totals);
  }

  /**
   * Every query of a use case that reported progress, in the order they first did.
   *
   * @example
   * hub.progressOf('demo').map((q) => `${q.query}: ${q.totals.lateRows} late`);
   */
  progressOf(namespace: string): QueryProgressRecord[] {
    return [...(this.records.get(namespace)?.values() ?? [])];
  }

  onProgress(listener: ProgressListener): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Sends every channel's pending batches now. */
  flushAll(): void {
    for (const ch of this.channels()) ch.flush();
  }

  attach(transport: LiveTransport): () => void {
    this.transports.add(transport);
    return () => this.transports.delete(transport);
  }

  onBatch(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The hub `socketioSink` uses when none is given (the one `createLiveServer` serves by default). */
export const defaultLiveHub = new LiveHub();
