/**
 * The hub: every use case in one process, one HTTP port. Discovers the apps' use cases (or runs
 * the built-in demo when there are none), bundles their dashboards, starts their queries, and
 * serves the landing page, the dashboards, the APIs and the sockets.
 */
import { fileURLToPath } from 'node:url';
import { StreamlabError, type Logger } from '@streamlab/core';
import {
  assertPortFree,
  defaultLiveHub,
  discoverUseCases,
  loadLiveConfig,
  serveUseCases,
  type LiveHub,
  type LiveServer,
  type ServedUseCases,
  type UseCase,
  type UseCaseSimulation,
} from '@streamlab/live';
import { chooseBroker, type HubBroker } from './broker.js';
import { demoUseCase } from './demo/use-case.js';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface HubOptions {
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Start the local Kafka broker first (`npm start -- --kafka`). */
  startKafka?: boolean;
  /** Use these use cases instead of discovering them (tests). */
  useCases?: UseCase[];
  /** Also run the built-in demo when apps are found. Default: only when none are. */
  demo?: boolean;
  /** Run only these use cases (`--only fraud-detection`; what `nx serve <use-case>` uses). */
  only?: string[];
  hub?: LiveHub;
  /** Where the bundles are cached (tests may isolate it). */
  webCacheDir?: string;
  /** Aborts the start in any phase: the local Kafka broker's (removing its data), the bundling, the use cases'. */
  signal?: AbortSignal;
  /** How fast every use case's simulator runs (`--rate`, `--speed`); default: each one's demo pace. */
  simulation?: UseCaseSimulation;
  /** Told each step of the start-up as a line for people; the CLI prints them. */
  progress?: (line: string) => void;
}

export interface RunningHub {
  url: string;
  mode: string;
  server: LiveServer;
  useCases: UseCase[];
  /** Graceful shutdown: stop queries, flush sinks, stop simulators, close sockets, stop the broker. */
  close(): Promise<void>;
}

/**
 * Starts the hub and resolves once it listens.
 *
 * @example
 * const hub = await startHub({ logger });
 * console.log(hub.url); // http://localhost:3000
 * await hub.close();
 */
export async function startHub(opts: HubOptions): Promise<RunningHub> {
  const env = opts.env ?? process.env;
  const logger = opts.logger;
  const config = loadLiveConfig(env);
  // a port in use is said at once, not after loading the use cases, the broker and the dashboards
  await assertPortFree(config);
  const hub = opts.hub ?? defaultLiveHub;
  let useCases = opts.useCases;
  if (!useCases) {
    opts.progress?.('loading the use cases in apps/...');
    useCases = (await discoverUseCases(WORKSPACE_ROOT, logger)).map((d) => d.useCase);
    if (useCases.length === 0 || opts.demo || opts.only?.includes(demoUseCase.name)) useCases = [...useCases, demoUseCase];
  }
  if (opts.only && opts.only.length > 0) {
    const available = useCases.map((u) => u.name);
    const unknown = opts.only.filter((n) => !available.includes(n));
    if (unknown.length > 0) {
      throw new StreamlabError('HUB_UNKNOWN_USE_CASE', `no use case named ${unknown.map((n) => `"${n}"`).join(', ')}`, {
        value: unknown,
        hint: `available: ${available.join(', ')}`,
      });
    }
    useCases = useCases.filter((u) => opts.only?.includes(u.name));
  }
  const broker: HubBroker = await chooseBroker({
    kafkaBrokers: env.KAFKA_BROKERS,
    startLocal: opts.startKafka ?? false,
    logger,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  let served: ServedUseCases;
  try {
    served = await serveUseCases({
      useCases,
      broker: broker.info,
      logger,
      config,
      hub,
      ...(opts.webCacheDir ? { webCacheDir: opts.webCacheDir } : {}),
      ...(opts.progress ? { progress: opts.progress } : {}),
      ...(opts.simulation ? { simulation: opts.simulation } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    await broker.stop();
    throw err;
  }
  let closing: Promise<void> | null = null;
  // In order: queries, use-case extras and servers (`served.close`), then the broker, last.
  const shutdown = async () => {
    await served.close();
    await broker.stop();
  };
  return {
    url: served.url,
    mode: broker.info.mode === 'embedded' ? 'embedded broker' : `${broker.info.mode} Kafka at ${broker.info.brokers ?? '?'}`,
    server: served.server,
    useCases,
    close: () => (closing ??= shutdown()),
  };
}
