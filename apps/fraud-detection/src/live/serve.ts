/**
 * This use case alone behind the live server kit (what `nx serve fraud-detection` and the browser
 * test run): dashboard bundle, socket.io namespace, `/healthz`, `/metrics`, the queries.
 */
import type { Logger } from '@streamlab/core';
import { createKafkaClient } from '@streamlab/kafka';
import { buildWebAssets, createLiveServer, LiveHub, loadLiveConfig, type BrokerInfo } from '@streamlab/live';
import { fraudUseCase } from '../use-case.js';
import { startFraudLive, type LiveOptions } from './start.js';

export interface ServedFraud {
  /** The dashboard's URL. */
  url: string;
  mode: BrokerInfo['mode'];
  close(): Promise<void>;
}

/**
 * Serves the fraud dashboard and runs its queries.
 *
 * @example
 * const served = await serveFraud({ env: { PORT: '0' }, logger });
 * await served.close();
 */
export async function serveFraud(opts: { env: NodeJS.ProcessEnv; logger: Logger; live?: Partial<LiveOptions> }): Promise<ServedFraud> {
  const { env, logger } = opts;
  const config = loadLiveConfig(env);
  const brokers = env.KAFKA_BROKERS;
  const kafka = createKafkaClient({ logger, env });
  const broker: BrokerInfo = brokers ? { mode: 'external', brokers, kafka } : { mode: 'embedded', kafka };
  const uc = fraudUseCase;
  const hub = new LiveHub();
  const web = await buildWebAssets({ entries: { [`uc-${uc.name}`]: uc.dashboard.entry }, logger });
  const server = createLiveServer({ config, logger, web, hub, broker, defaultMetrics: false });
  server.mount({ summary: { name: uc.name, title: uc.title, description: uc.description, tile: uc.tile ?? null }, entry: `uc-${uc.name}` });
  const abort = new AbortController();
  const run = startFraudLive({ namespace: uc.name, hub, logger: logger.child({ useCase: uc.name }), broker, signal: abort.signal }, opts.live);
  for (const q of run.queries) q.on?.('progress', (p) => hub.recordProgress(uc.name, p));
  server.setQueries(uc.name, run.queries);
  const base = await server.listen();
  let closing: Promise<void> | undefined;
  return {
    url: `${base}/${uc.name}/`,
    mode: broker.mode,
    close: () =>
      (closing ??= (async () => {
        abort.abort();
        for (const q of run.queries) await q.stop();
        await run.stop?.();
        await server.close();
        await kafka.close();
      })()),
  };
}
