/**
 * The labelled scenario: what the pipelines should catch. While an incident is on, the positions of
 * the vehicles it involves come from its `step` and carry the label `{ scenario, incidentId }` in
 * the side channel (the pipelines never read it; an evaluation scores them against it).
 * YOUR SCENARIOS GO HERE: one `defineScenario` each, with a stable name.
 */
import { defineScenario } from '@streamlab/datagen';
import type { Position } from '../domain/position.js';
import { metersBetween, RESTRICTED_ZONE } from '../domain/zone.js';
import { approach, position, type Vehicle } from './vehicle.js';

/**
 * A vehicle within 1.5 km drives into the restricted zone and stays there for the rest of the
 * minute, once a simulated minute from the 2nd second (so `simulate --duration 10s` shows one).
 */
export const zoneIntrusion = defineScenario<Vehicle, Position, undefined, { spot: { lat: number; lon: number } }>({
  name: 'zone-intrusion',
  schedule: { every: '1 minute', offset: '2 seconds' },
  duration: '1 minute',
  entities: 1,
  eligible: (v) => metersBetween(v, RESTRICTED_ZONE) < 1500,
  // the involved vehicle reports more often than the others (5% of all positions) while it is on
  share: 0.05,
  // where it parks: somewhere in the inner half of the zone
  start: ({ rng }) => ({
    spot: { lat: RESTRICTED_ZONE.lat + rng.range(-0.0008, 0.0008), lon: RESTRICTED_ZONE.lon + rng.range(-0.0012, 0.0012) },
  }),
  step: (v, incident, ctx) => {
    approach(v, incident.state.spot, 150, ctx.now);
    return position(v, metersBetween(v, incident.state.spot) > 0 ? 40 : 0, ctx);
  },
});
