/**
 * The fraud-detection use case, as the hub mounts it (`npm start`) or `npx nx serve fraud-detection`
 * runs it alone: the simulator writes to `fraud.transactions` on the broker the hub hands it
 * (`ctx.broker.kafka`), the queries read that topic with the Kafka source (see `live/start.ts`).
 */
import { defineUseCase } from '@streamlab/live';
import { fraudTopics, startFraudLive } from './live/start.js';
import { queries } from './queries.js';

export const fraudUseCase = defineUseCase({
  name: 'fraud-detection',
  title: 'Fraud detection',
  description: 'Card transactions of a European bank: velocity, impossible travel, card testing, compromised merchants; alerts with reasons and evidence.',
  queries,
  topics: fraudTopics(),
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  tile: {
    sparkline: { query: queries.txRate, x: 'window', y: 'transactions', label: 'transactions / 10 s', skipLast: true },
    alerts: { query: queries.alerts, entity: 'entityId', reason: 'reason', time: 'eventTime', severity: 'severity' },
  },
  start: (ctx) => startFraudLive(ctx),
});

export default fraudUseCase;
