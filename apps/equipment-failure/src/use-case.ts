/**
 * The Equipment failure use case, as the hub mounts it (`npm start`) or `npx nx serve equipment-failure`
 * runs it alone. The hub finds it through `streamlab.useCase` in package.json.
 */
import { defineUseCase } from '@streamlab/live';
import { startEquipmentFailureLive, topics } from './live/start.js';
import { queries } from './queries.js';

export const equipmentFailureUseCase = defineUseCase({
  name: 'equipment-failure',
  title: 'Equipment failure',
  description: "Equipment failure: readings per source in 10-second windows, with an alert when a source's average runs high.",
  queries,
  tile: {
    // skipLast: the newest window is still filling up, so the line would dip at its end
    sparkline: { query: queries.averages, x: 'window', y: 'readings', label: 'readings / 10 s', skipLast: true },
    alerts: { query: queries.alerts, entity: 'sourceId', reason: 'reason', time: 'eventTime', severity: 'severity' },
  },
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  topics: topics(),
  start: (ctx) => startEquipmentFailureLive(ctx),
});

export default equipmentFailureUseCase;
