/**
 * The simulator: a fleet of vehicles on `@streamlab/datagen`, each driving around the city at its
 * own pace and keeping out of the restricted zone, plus one labelled scenario (`./scenarios.ts`).
 * Seeded: the same seed and options give the same records. YOUR WORLD GOES HERE: entities with
 * state, a `step` that makes one record, pools built once with faker in `pools` (never in `step`).
 */
import { defineModel, type Model } from '@streamlab/datagen';
import type { Position } from '../domain/position.js';
import { CITY, inZone, offset, RESTRICTED_ZONE } from '../domain/zone.js';
import { zoneIntrusion } from './scenarios.js';
import { drive, position, type Vehicle } from './vehicle.js';

/** The simulator's name: also the default Kafka topic of its positions. */
export const POSITIONS_TOPIC = 'fleet-rerouting.positions';

/**
 * The model (`--entities` overrides the fleet of 50). Vehicles report in turn (`round-robin`).
 *
 * @example
 * const sim = new Simulation(fleetReroutingModel, { seed: 42, ratePerSec: 20, durationMs: 60_000 });
 */
export const fleetReroutingModel: Model<Vehicle, Position> = defineModel<Vehicle, Position>({
  name: POSITIONS_TOPIC,
  description: 'Fleet rerouting: positions of 50 vehicles, with labelled zone intrusions',
  entities: 50,
  timeField: 'eventTime',
  pick: 'round-robin',
  createEntity: ({ index, rng }) => {
    let at = { lat: rng.range(CITY.minLat, CITY.maxLat), lon: rng.range(CITY.minLon, CITY.maxLon) };
    // nobody starts in (or next to) the restricted zone
    if (inZone(at, { ...RESTRICTED_ZONE, radiusM: RESTRICTED_ZONE.radiusM * 2 })) at = offset(RESTRICTED_ZONE, rng.range(0, 2 * Math.PI), 600);
    return { vehicleId: `vehicle-${String(index).padStart(2, '0')}`, ...at, headingRad: rng.range(0, 2 * Math.PI), cruiseKmh: rng.range(20, 45), lastMs: 0 };
  },
  key: (v) => v.vehicleId,
  step: (v, ctx) => {
    v.headingRad += ctx.rng.normal(0, 0.25);
    const speed = Math.max(0, v.cruiseKmh + ctx.rng.normal(0, 5));
    drive(v, speed, ctx.now);
    return position(v, speed, ctx);
  },
  scenarios: [zoneIntrusion],
  recordId: (p) => p.positionId,
});
