/**
 * Runs use cases behind one live server: bundles their dashboards, mounts them, starts their
 * queries (wiring each query's progress events to the dashboards), listens, and shuts down in
 * order (queries, use-case extras, sockets). The hub runs every use case with it; a use case's
 * own `serve` command runs itself alone with it.
 */
import { type Logger, StreamlabError } from '@streamlab/core';
import { loadLiveConfig, type LiveConfig } from '../config.js';
import { defaultLiveHub, type LiveHub } from '../live-hub.js';
import type { RunningUseCase, UseCase, UseCaseBroker, UseCaseSimulation } from '../use-case.js';
import { createLiveServer, type LiveServer } from './live-server.js';
import { buildWebAssets, type WebAssets } from './web-build.js';
import { assertPortFree } from './port-check.js';

export interface ServeOptions {
  useCases: readonly UseCase[];
  /** The broker every use case runs on (handed to each as `ctx.broker`). */
  broker: UseCaseBroker;
  logger: Logger;
  /** Default: `loadLiveConfig(env)`. */
  config?: LiveConfig;
  env?: Record<string, string | undefined>;
  hub?: LiveHub;
  webCacheDir?: string;
  /** Aborts the start between its steps (bundling, each use case's start): what started is stopped, and it rejects. */
  signal?: AbortSignal;
  /** How fast the use cases' simulators run (`ctx.simulation`; the hub's `--rate`, `--speed`). */
  simulation?: UseCaseSimulation;
  /** Told each step of the start-up as a line for people (`building 2 dashboards...`): the CLIs print them. */
  progress?: (line: string) => void;
  /**
   * Listen before the use cases start (default: after, so the hub's links never lead to a page
   * whose queries are still starting). The workshop's `run N --ui` listens first, so its address is
   * printed before the step's first batch.
   */
  listenFirst?: boolean;
  /** Called with the server's `http://host:port` as soon as it listens. */
  onListening?: (url: string) => void;
}

export interface ServedUseCases {
  url: string;
  server: LiveServer;
  /** Stops every query, then each use case's extras, then closes the sockets and the server. Idempotent. */
  close(): Promise<void>;
}

/**
 * @example
 * const served = await serveUseCases({ useCases: [fraudUseCase], broker: { mode: 'embedded', kafka }, logger });
 * console.log(`${served.url}/fraud-detection/`);
 * onShutdownSignal(async () => { await served.close(); await kafka.close(); }, logger);
 */
export async function serveUseCases(opts: ServeOptions): Promise<ServedUseCases> {
  const { logger, broker } = opts;
  const config = opts.config ?? loadLiveConfig(opts.env ?? process.env);
  const hub = opts.hub ?? defaultLiveHub;
  const say = opts.progress ?? (() => undefined);
  // a port in use is said before the slow part, not after it
  await assertPortFree(config);
  say(`building ${opts.useCases.length === 1 ? 'the dashboard' : `${opts.useCases.length} dashboards`} (Vite; cached after the first run)...`);
  const { web, useCases } = await bundle(opts.useCases, logger, opts.webCacheDir);
  throwIfAborted(opts.signal);
  const server = createLiveServer({ config, logger, web, hub, broker });
  const abort = new AbortController();
  const running: { name: string; run: RunningUseCase }[] = [];

  async function stopAll(): Promise<void> {
    abort.abort();
    for (const { name, run } of running) {
      for (const q of run.queries) {
        try {
          await q.stop();
        } catch (err) {
          logger.warn({ err, useCase: name, query: q.name }, 'query did not stop cleanly');
        }
      }
      try {
        await run.stop?.();
      } catch (err) {
        logger.warn({ err, useCase: name }, 'use case did not stop cleanly');
      }
    }
    await server.close();
  }

  const listen = async () => {
    await server.listen();
    opts.onListening?.(server.url);
  };
  try {
    if (opts.listenFirst) await listen();
    for (const uc of useCases) {
      throwIfAborted(opts.signal);
      say(`starting ${uc.title}...`);
      server.mount({ summary: { name: uc.name, title: uc.title, description: uc.description, tile: uc.tile ?? null }, entry: `uc-${uc.name}` });
      const run = await uc.start({
        namespace: uc.name,
        hub,
        logger: logger.child({ useCase: uc.name }),
        broker,
        signal: abort.signal,
        ...(opts.simulation ? { simulation: opts.simulation } : {}),
      });
      running.push({ name: uc.name, run });
      for (const q of run.queries) q.on?.('progress', (p) => hub.recordProgress(uc.name, p));
      server.setQueries(uc.name, run.queries);
    }
    if (!opts.listenFirst) await listen();
  } catch (err) {
    await stopAll();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return { url: server.url, server, close: () => (closing ??= stopAll()) };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StreamlabError('LIVE_START_ABORTED', 'the start was stopped', { value: String(signal.reason ?? 'aborted') });
}

/**
 * Bundles every dashboard; when that fails, finds the use cases whose dashboard does not build,
 * logs them and leaves them out, so one broken dashboard never stops the others.
 */
async function bundle(all: readonly UseCase[], logger: Logger, cacheDir: string | undefined): Promise<{ web: WebAssets; useCases: UseCase[] }> {
  const build = (ucs: readonly UseCase[]) =>
    buildWebAssets({ entries: Object.fromEntries(ucs.map((u) => [`uc-${u.name}`, u.dashboard.entry])), logger, ...(cacheDir ? { cacheDir } : {}) });
  try {
    return { web: await build(all), useCases: [...all] };
  } catch (err) {
    if (all.length === 0) throw err;
    const ok: UseCase[] = [];
    for (const uc of all) {
      try {
        await build([uc]);
        ok.push(uc);
      } catch (e) {
        logger.error({ err: e, useCase: uc.name }, `dashboard of ${uc.name} does not build: use case left out`);
      }
    }
    return { web: await build(ok), useCases: ok };
  }
}

export interface ShutdownOptions {
  /** Exit 1 when `close` has not finished after this long (ms). Default 10 000. */
  timeoutMs?: number;
  /** A repeat of a signal within this long (ms) is the same Ctrl-C (npm and the terminal both deliver it). Default 1 000. */
  repeatWindowMs?: number;
  /**
   * Lines for people: `stopping...` at the first signal, `stopped` when done, or why it failed (the
   * CLIs print them). With it, a log at `warn` or above is raised to `fatal` while stopping, so
   * clients retrying a broker that is going away do not flood the terminal; asked-for `info` or
   * `debug` logs stay.
   */
  say?: (line: string) => void;
  /** For tests: where signals come from, how to exit, the clock and the timer. */
  signals?: Pick<NodeJS.Process, 'on'>;
  exit?: (code: number) => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => void;
}

/**
 * Graceful shutdown on SIGINT/SIGTERM: the first signal runs `close` then exits 0 (1 if it
 * failed, or if it has not finished after `timeoutMs`, e.g. while retrying a broker that died);
 * a signal again more than `repeatWindowMs` later exits at once. Under `npm start` one Ctrl-C
 * reaches the process twice (from the terminal and forwarded by npm): that is not a second one.
 *
 * @example
 * onShutdownSignal(() => served.close(), logger);
 */
export function onShutdownSignal(close: () => Promise<void>, logger: Logger, opts: ShutdownOptions = {}): void {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const repeatWindowMs = opts.repeatWindowMs ?? 1_000;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => void setTimeout(fn, ms).unref());
  let stoppingSince: number | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      if (now() - stoppingSince < repeatWindowMs) return;
      logger.warn({ signal }, 'second signal: exiting now');
      exit(130);
      return;
    }
    stoppingSince = now();
    logger.info({ signal }, 'shutting down: stopping queries, flushing sinks, closing the broker');
    const say = opts.say;
    if (say) {
      say('stopping (Ctrl-C again to exit at once)...');
      quiet(logger);
    }
    setTimer(() => {
      const why = `shutdown did not finish within ${timeoutMs} ms (a broker that stopped answering?): exiting`;
      if (say) say(why);
      else logger.error({ timeoutMs }, why);
      exit(1);
    }, timeoutMs);
    close().then(
      () => {
        say?.('stopped');
        exit(0);
      },
      (err: unknown) => {
        if (say) say(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        else logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  const signals = opts.signals ?? process;
  signals.on('SIGINT', handler);
  signals.on('SIGTERM', handler);
}

/** Raises a pino-style logger at `warn` or above to `fatal` (see `ShutdownOptions.say`). */
function quiet(logger: Logger): void {
  const l = logger as Logger & { level?: unknown; levels?: { values?: Record<string, number> } };
  const values = l.levels?.values;
  if (typeof l.level !== 'string' || values === undefined) return;
  const at = values[l.level];
  const warn = values['warn'];
  if (at !== undefined && warn !== undefined && at >= warn) l.level = 'fatal';
}
