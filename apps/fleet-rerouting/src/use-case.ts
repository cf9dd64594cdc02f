/**
 * The Fleet rerouting use case, as the hub mounts it (`npm start`) or `npx nx serve fleet-rerouting`
 * runs it alone. The hub finds it through `streamlab.useCase` in package.json.
 */
import { defineUseCase } from '@streamlab/live';
import { fleetTopics, startFleetLive } from './live/start.js';
import { queries } from './queries.js';

export const fleetReroutingUseCase = defineUseCase({
  name: 'fleet-rerouting',
  title: 'Fleet rerouting',
  description: 'A delivery fleet in Cologne: map matching, congestion, incidents detected and confirmed, vehicles rerouted around them.',
  queries,
  tile: {
    // skipLast: the newest window is still filling up, so the line would dip at its end
    sparkline: { query: queries.kpis, x: 'window', y: 'pings', label: 'pings / minute', skipLast: true },
    alerts: { query: queries.incidents, entity: 'street', reason: 'reason', time: 'eventTime', severity: 'level' },
  },
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  topics: fleetTopics(),
  start: (ctx) => startFleetLive(ctx),
});

export default fleetReroutingUseCase;
