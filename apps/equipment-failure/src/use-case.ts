/**
 * The equipment-failure use case, as the hub mounts it (`npm start`) or `npx nx serve
 * equipment-failure` runs it alone. The hub finds it through `streamlab.useCase` in package.json.
 */
import { defineUseCase } from '@streamlab/live';
import { startEquipmentFailureLive, topics } from './live/start.js';
import { queries } from './queries.js';

export const equipmentFailureUseCase = defineUseCase({
  name: 'equipment-failure',
  title: 'Equipment failure',
  description:
    'Machines on a plant floor: sensor statistics, learned baselines and rated limits, an imminent-failure pattern, remaining useful life and exactly-once work orders, OEE per line and shift.',
  queries,
  tile: {
    // skipLast: the newest minute is still filling up, so the line would dip at its end
    sparkline: { query: queries.throughput, x: 'window', y: 'records', label: 'records / simulated minute', skipLast: true },
    alerts: { query: queries.alerts, entity: 'machineId', reason: 'reason', time: 'eventTime', severity: 'severity' },
  },
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  topics: topics(),
  start: (ctx) => startEquipmentFailureLive(ctx),
});

export default equipmentFailureUseCase;
