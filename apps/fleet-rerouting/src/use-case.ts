/**
 * The Fleet rerouting use case, as the hub mounts it (`npm start`) or `npx nx serve fleet-rerouting`
 * runs it alone. The hub finds it through `streamlab.useCase` in package.json.
 */
import { defineUseCase } from '@streamlab/live';
import { startFleetReroutingLive, topics } from './live/start.js';
import { queries } from './queries.js';

export const fleetReroutingUseCase = defineUseCase({
  name: 'fleet-rerouting',
  title: 'Fleet rerouting',
  description: 'Fleet rerouting: vehicles moving on a map, with an alert when one enters the restricted zone.',
  queries,
  tile: {
    // skipLast: the newest window is still filling up, so the line would dip at its end
    sparkline: { query: queries.rate, x: 'window', y: 'reports', label: 'positions / 10 s', skipLast: true },
    alerts: { query: queries.alerts, entity: 'vehicleId', reason: 'reason', time: 'eventTime', severity: 'severity' },
  },
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  topics: topics(),
  start: (ctx) => startFleetReroutingLive(ctx),
});

export default fleetReroutingUseCase;
