/**
 * The live server kit (express 5 + socket.io): dashboards and shared assets from the package,
 * `/healthz`, `/api/use-cases`, `/api/<use-case>/progress[?history=N]` (per query its totals and
 * latest N completed batches, default the latest only), `/metrics`, and one socket.io
 * namespace per use case fed by the hub's channels.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from '@streamlab/core';
import type { LiveConfig } from '../config.js';
import { defaultLiveHub, PROGRESS_HISTORY, type LiveHub } from '../live-hub.js';
import { emptyTotals, type QueryTotals } from '../query-totals.js';
import type { BrokerInfo, QueryHandle, UseCaseSummary } from '../use-case.js';
import { createLiveMetrics, type LiveMetrics } from './metrics.js';
import { portError } from './port-check.js';
import { renderPage } from './pages.js';
import { cors, presentedToken, requireHost, requireToken, securityHeaders, tokenMatches } from './security.js';
import { createSocketTransport, type SocketTransport } from './socket-transport.js';
import type { WebAssets } from './web-build.js';

export interface LiveServerOptions {
  config: LiveConfig;
  logger: Logger;
  web: WebAssets;
  hub?: LiveHub;
  broker?: BrokerInfo;
  /** Register Node's default process metrics too. Default true. */
  defaultMetrics?: boolean;
}

export interface MountOptions {
  summary: Omit<UseCaseSummary, 'path'>;
  /** The bundled entry name of its dashboard. */
  entry: string;
}

export interface LiveServer {
  readonly app: Express;
  readonly http: HttpServer;
  readonly transport: SocketTransport;
  readonly metrics: LiveMetrics;
  readonly hub: LiveHub;
  /** `http://host:port` once listening. */
  readonly url: string;
  /** Serves a use case's dashboard at `/<name>/` and opens its namespace. */
  mount(opts: MountOptions): void;
  /** The running queries of a use case (for `/healthz` and the progress API). */
  setQueries(useCase: string, queries: readonly QueryHandle[]): void;
  setBroker(broker: BrokerInfo): void;
  listen(): Promise<string>;
  /** Sends pending batches, closes every socket and the HTTP server. */
  close(): Promise<void>;
}

/** Latest batches per query `GET /api/<use-case>/progress` returns unless `?history=N` says otherwise. */
export const DEFAULT_PROGRESS_HISTORY = 1;

/** `?history=N`: an integer from 0 to {@link PROGRESS_HISTORY}; absent: the default; anything else: null. */
function progressHistory(v: unknown): number | null {
  if (v === undefined) return DEFAULT_PROGRESS_HISTORY;
  if (typeof v !== 'string' || !/^\d{1,4}$/.test(v)) return null;
  const n = Number(v);
  return n <= PROGRESS_HISTORY ? n : null;
}

function queryStatus(q: QueryHandle): 'active' | 'failed' | 'stopped' {
  if (q.exception) return 'failed';
  return q.isActive ? 'active' : 'stopped';
}

/**
 * Creates the live server (not yet listening).
 *
 * @example
 * const server = createLiveServer({ config: loadLiveConfig(), logger, web: await buildWebAssets({ entries, logger }) });
 * server.mount({ summary: { name: 'demo', title: 'Demo', description: '...', tile: null }, entry: 'uc-demo' });
 * console.log(await server.listen()); // http://127.0.0.1:3000
 */
export function createLiveServer(opts: LiveServerOptions): LiveServer {
  const { config, logger, web } = opts;
  const hub = opts.hub ?? defaultLiveHub;
  let broker: BrokerInfo = opts.broker ?? { mode: 'embedded' };
  const mounted = new Map<string, MountOptions>();
  const queries = new Map<string, readonly QueryHandle[]>();
  const metrics = createLiveMetrics(hub, { defaultMetrics: opts.defaultMetrics ?? true });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
  app.use(requireHost(config.allowedHosts));

  // Open even with a token (probes); without the token it shows statuses only, never exception text.
  app.get('/healthz', (req, res) => {
    const details = !config.token || tokenMatches(config.token, presentedToken(req));
    const names = [...new Set([...mounted.keys(), ...hub.namespaces()])];
    const failed = names.some((name) => (queries.get(name) ?? []).some((q) => queryStatus(q) !== 'active'));
    const useCases = names.map((name) =>
      details
        ? {
            name,
            queries: (queries.get(name) ?? []).map((q) => ({
              name: q.name ?? null,
              id: q.id ?? null,
              status: queryStatus(q),
              error: q.exception ? String((q.exception as Error).message ?? q.exception) : undefined,
            })),
            channels: hub.channels(name).map((ch) => ({ query: ch.query, batches: ch.batchCount, lastBatchId: ch.lastSummary?.batchId ?? null })),
          }
        : { name, queries: (queries.get(name) ?? []).map((q) => ({ name: q.name ?? null, status: queryStatus(q) })) },
    );
    res.status(failed ? 503 : 200).json({ status: failed ? 'degraded' : 'ok', broker: { mode: broker.mode }, useCases });
  });

  app.get('/metrics', cors(config.corsOrigins), requireToken(config.token), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  /**
   * Every query of a use case (those that reported progress, those it started, those with a
   * channel), each with its totals since it started and its latest `history` completed batches.
   */
  const useCaseProgress = (name: string, history: number) => {
    const byQuery = new Map<string, { query: string; totals: QueryTotals; progress: unknown[] }>();
    const latest = (list: readonly unknown[]) => (history === 0 ? [] : list.slice(-history));
    for (const r of hub.progressOf(name)) byQuery.set(r.query, { query: r.query, totals: { ...r.totals }, progress: latest(r.recent) });
    for (const ch of hub.channels(name)) {
      if (!byQuery.has(ch.query))
        byQuery.set(ch.query, { query: ch.query, totals: ch.lastSummary?.totals ?? emptyTotals(), progress: latest(ch.recentProgress()) });
    }
    // Every query of the use case is listed (as /healthz does), with no progress until its first batch.
    for (const q of queries.get(name) ?? []) {
      if (q.name && !byQuery.has(q.name)) byQuery.set(q.name, { query: q.name, totals: emptyTotals(), progress: latest(q.recentProgress ?? []) });
    }
    return { useCase: name, nowMs: Date.now(), history, queries: [...byQuery.values()] };
  };

  const api = express.Router();
  api.use(cors(config.corsOrigins), requireToken(config.token));
  api.get('/use-cases', (_req, res) => {
    res.json([...mounted.values()].map((m) => ({ ...m.summary, path: `/${m.summary.name}/` })));
  });
  api.get('/:useCase/progress', (req, res) => {
    const name = req.params.useCase;
    if (!mounted.has(name) && !hub.namespaces().includes(name)) {
      res.status(404).json({ error: 'unknown use case', value: name, hint: 'GET /api/use-cases lists them' });
      return;
    }
    const history = progressHistory(req.query['history']);
    if (history === null) {
      res
        .status(400)
        .json({ error: 'bad request', value: req.query['history'], hint: `history is the number of latest batches per query, 0 to ${PROGRESS_HISTORY}` });
      return;
    }
    res.json(useCaseProgress(name, history));
  });
  app.use('/api', api);

  app.use('/assets', express.static(web.dir, { immutable: true, maxAge: '365d', index: false, dotfiles: 'ignore', fallthrough: false }));

  const page = (entry: string, title: string, description: string, meta: Record<string, string>) => {
    const built = web.entries[entry];
    if (!built) throw new Error(`no bundle for entry "${entry}"`);
    return renderPage({ title, description, entry: built, meta });
  };
  app.get('/', (_req, res) => {
    res.type('html').send(page('landing', 'StreamLab', 'Every StreamLab use case, live', { 'streamlab-page': 'landing' }));
  });
  app.get('/:useCase', (req, res, next) => {
    const m = mounted.get(req.params.useCase);
    if (!m) return next();
    const s = m.summary;
    res
      .type('html')
      .send(
        page(m.entry, `${s.title} · StreamLab`, s.description, { 'streamlab-page': 'dashboard', 'streamlab-use-case': s.name, 'streamlab-title': s.title }),
      );
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found');
  });
  // Errors (a missing or forbidden asset, a malformed path, a failure in a route) are answered
  // with JSON and logged through the logger: express's default handler prints stack traces to stderr.
  const onError: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: unknown; statusCode?: unknown; message?: unknown };
    const code = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    const status = code >= 400 && code < 600 ? code : 500;
    if (status < 500) logger.debug({ status, method: req.method, url: req.originalUrl, reason: String(e.message) }, 'request refused');
    else logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    const error = status === 404 ? 'not found' : status === 403 ? 'forbidden' : status < 500 ? 'bad request' : 'internal error';
    res.status(status).json({ error, value: req.originalUrl });
  };
  app.use(onError);

  const http = createServer(app);
  const transport = createSocketTransport(http, hub, config, metrics, logger);
  const detach = hub.attach(transport);
  let url = '';

  return {
    app,
    http,
    transport,
    metrics,
    hub,
    get url() {
      return url;
    },
    mount(m) {
      mounted.set(m.summary.name, m);
      transport.ensureNamespace(m.summary.name);
    },
    setQueries(name, qs) {
      queries.set(name, qs);
      metrics.declare(
        name,
        qs.flatMap((q) => (q.name ? [q.name] : [])),
      );
    },
    setBroker(b) {
      broker = b;
    },
    listen() {
      return new Promise((resolve, reject) => {
        http.once('error', (err: NodeJS.ErrnoException) => reject(portError(config, err)));
        http.listen(config.port, config.host, () => {
          const a = http.address() as AddressInfo;
          const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          url = `http://${host}:${a.port}`;
          resolve(url);
        });
      });
    },
    async close() {
      hub.flushAll();
      detach();
      metrics.dispose();
      // Stop accepting first, then end plain HTTP connections: http.close() (which io.close() also
      // calls) waits for every open connection, and a browser polling to reconnect keeps one busy.
      // Upgraded WebSockets are not among them: socket.io closes those, after the flushed batches.
      const httpClosed = new Promise<void>((resolve) => void http.close(() => resolve()));
      http.closeAllConnections();
      await transport.close();
      await httpClosed;
    },
  };
}
