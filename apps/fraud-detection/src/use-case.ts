/**
 * The fraud-detection use case, as the hub mounts it (`npm start`) or `npx nx serve fraud-detection`.
 */
import { defineUseCase } from '@streamlab/live';
import { startFraudLive } from './live/start.js';

export const fraudUseCase = defineUseCase({
  name: 'fraud-detection',
  title: 'Fraud detection',
  description: 'Card transactions of a European bank: velocity, impossible travel, card testing, compromised merchants; alerts with reasons and evidence.',
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  tile: {
    sparkline: { query: 'tx-rate', x: 'window', y: 'transactions', label: 'transactions / 10 s', skipLast: true },
    alerts: { query: 'alerts', entity: 'entityId', reason: 'reason', time: 'eventTime', severity: 'severity' },
  },
  start: (ctx) => startFraudLive(ctx),
});

export default fraudUseCase;
