/**
 * Runs use cases behind one live server: bundles their dashboards, mounts them, starts their
 * queries (wiring each query's progress events to the dashboards), listens, and shuts down in
 * order (queries, use-case extras, sockets). The hub runs every use case with it; a use case's
 * own `serve` command runs itself alone with it.
 */
import type { Logger } from '@streamlab/core';
import { loadLiveConfig, type LiveConfig } from '../config.js';
import { defaultLiveHub, type LiveHub } from '../live-hub.js';
import type { BrokerInfo, RunningUseCase, UseCase } from '../use-case.js';
import { createLiveServer, type LiveServer } from './live-server.js';
import { buildWebAssets, type WebAssets } from './web-build.js';

export interface ServeOptions {
  useCases: readonly UseCase[];
  broker: BrokerInfo;
  logger: Logger;
  /** Default: `loadLiveConfig(env)`. */
  config?: LiveConfig;
  env?: Record<string, string | undefined>;
  hub?: LiveHub;
  webCacheDir?: string;
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
  const { web, useCases } = await bundle(opts.useCases, logger, opts.webCacheDir);
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

  try {
    for (const uc of useCases) {
      server.mount({ summary: { name: uc.name, title: uc.title, description: uc.description, tile: uc.tile ?? null }, entry: `uc-${uc.name}` });
      const run = await uc.start({ namespace: uc.name, hub, logger: logger.child({ useCase: uc.name }), broker, signal: abort.signal });
      running.push({ name: uc.name, run });
      for (const q of run.queries) q.on?.('progress', (p) => hub.recordProgress(uc.name, p));
      server.setQueries(uc.name, run.queries);
    }
    await server.listen();
  } catch (err) {
    await stopAll();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return { url: server.url, server, close: () => (closing ??= stopAll()) };
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

/**
 * Graceful shutdown on SIGINT/SIGTERM: the first signal runs `close` then exits 0 (1 if it
 * failed); a second signal exits at once.
 *
 * @example
 * onShutdownSignal(() => served.close(), logger);
 */
export function onShutdownSignal(close: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: stopping queries, flushing sinks, closing the broker');
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
