/**
 * The simulator: a datagen model of a delivery fleet in the city of `domain/city.ts`. Vehicles
 * (vans and trucks, each with a driver and a depot) drive shifts of deliveries with time windows
 * and ping their GPS position on their own clock (each vehicle its interval of 2-5 s, jittered;
 * dropouts stop its pings for 1-3 minutes, then its stored fixes arrive late or are lost: see
 * `telematics.ts`). The fleet's ping rate follows from its size. World-
 * level scenarios start crashes, closures and roadworks on busy segments: they slow or block the
 * segment for their duration (ground truth in the world's `incidents`), and the city feed reports
 * some of them, late and sometimes misplaced. The closed loop: reroutes delivered to the world's
 * inbox are followed on the vehicle's next step. Seeded: the same seed and options give the same
 * pings (and both runs of an evaluation the same incidents, rerouted or not).
 */
import { defineModel, defineScenario, type Model, type Rng, type ScenarioDef, type Schedule } from '@streamlab/datagen';
import { cityNetwork } from '../domain/city.js';
import { offset } from '../domain/geo.js';
import type { IncidentKind, Ping } from '../domain/ping.js';
import { maybeDrop, newTelematics, nextPingIn, reconnect, type TelematicsOptions } from './telematics.js';
import { advance, newShift, ping, type Vehicle } from './vehicle.js';
import { FleetWorld, RerouteInbox, type WorldOptions } from './world.js';

/** The topic the pings go to; the city feed's reports go to `fleet.incidents`. */
export const PINGS_TOPIC = 'fleet.pings';

export interface FleetModelOptions extends WorldOptions, TelematicsOptions {
  vehicles: number;
  /** Seed of the city's network (the pipelines build the same one from it). */
  networkSeed: number;
  /** How often each kind of incident starts, and how long it lasts. */
  incidents: Record<IncidentKind, { schedule: Schedule; duration: string }>;
  /** Where reroutes for the vehicles arrive (the live run's consumer of `fleet.reroutes` fills it). */
  inbox: RerouteInbox;
  /** Handed the world when the simulation sets up (evaluation and live outputs read it). */
  onWorld?: (world: FleetWorld) => void;
}

/** About one incident every 5 minutes, the first 30 s in, where vehicles drive (a new dashboard shows one at once). */
export const MODEL_DEFAULTS: Omit<FleetModelOptions, 'inbox'> = {
  vehicles: 200,
  networkSeed: 1,
  reportShare: 0.6,
  misplacedShare: 0.25,
  // a dropout every ~45 minutes of a vehicle's pings; after a third of them the stored fixes are lost
  dropoutChance: 0.001,
  lostBacklogShare: 0.3,
  incidents: {
    crash: { schedule: { every: '12 minutes', offset: '30 seconds' }, duration: '25 minutes' },
    closure: { schedule: { every: '15 minutes', offset: '4 minutes' }, duration: '30 minutes' },
    roadworks: { schedule: { every: '20 minutes', offset: '8 minutes' }, duration: '40 minutes' },
  },
};

type Scenario = ScenarioDef<Vehicle, Ping, FleetWorld, { segment: number }>;

const incidentScenario = (kind: IncidentKind, o: FleetModelOptions): Scenario =>
  defineScenario<Vehicle, Ping, FleetWorld, { segment: number }>({
    name: kind,
    schedule: o.incidents[kind].schedule,
    duration: o.incidents[kind].duration,
    // world-level: it changes the roads, not one vehicle's records
    entities: 0,
    start: ({ rng, pools: world, startMs, endMs }) => {
      const n = world.incidents.filter((i) => i.kind === kind).length + 1;
      return { segment: world.startIncident(kind, `${kind}-${n}`, startMs, endMs, rng).segment };
    },
  });

const DRIVERS_POOL = 400;

/**
 * The model for these options.
 *
 * @example
 * const inbox = new RerouteInbox();
 * const sim = new Simulation(createFleetModel({ inbox }), { seed: 1, ratePerSec: 60, durationMs: 3_600_000 });
 */
export function createFleetModel(options: Partial<FleetModelOptions> = {}): Model<Vehicle, Ping, FleetWorld> {
  const o: FleetModelOptions = { ...MODEL_DEFAULTS, inbox: new RerouteInbox(), ...options };
  return defineModel<Vehicle, Ping, FleetWorld>({
    name: PINGS_TOPIC,
    description: `Delivery fleet of ${o.vehicles} vans and trucks in Cologne: GPS pings, incidents with ground truth, reroutes followed`,
    entities: o.vehicles,
    timeField: 'eventTime',
    pools: (ctx) => {
      const net = cityNetwork(o.networkSeed);
      const world = new FleetWorld(net, o.inbox, o);
      world.drivers = ctx.pool('drivers', DRIVERS_POOL, (f) => f.person.fullName());
      // three depots on the ring's inner side, spread around the city
      const { cols, rows } = net;
      world.startMs = ctx.startMs;
      world.depots = [1 * cols + 1, (rows - 2) * cols + Math.floor(cols / 2), Math.floor(rows / 2) * cols + (cols - 2)];
      o.onWorld?.(world);
      return world;
    },
    createEntity: ({ index, rng, pools: world, startMs }) => {
      const kind: Vehicle['kind'] = index % 4 === 3 ? 'truck' : 'van';
      const v: Vehicle = {
        vehicleId: `${kind}-${String(index + 1).padStart(3, '0')}`,
        kind,
        driver: world.drivers[rng.int(world.drivers.length)]!,
        depot: world.depots[index % world.depots.length]!,
        stops: [],
        next: 0,
        mode: 'at-depot',
        routeNodes: [],
        routeSegs: [],
        leg: 0,
        posM: 0,
        busyUntilMs: 0,
        lastMs: 0,
        lat: 0,
        lon: 0,
        headingDeg: 0,
        speedKmh: 0,
        delivered: null,
        legStartMs: startMs,
        legPlannedSec: 0,
        legCrossed: false,
        legRerouted: false,
        followed: null,
        shift: 0,
        rng: rng.fork('shifts'),
        telematics: newTelematics(rng.fork('telematics')),
      };
      // staggered departures over the first minute: the fleet is on the road at once, not in one wave
      const departMs = startMs + Math.round(rng.range(0, 60_000));
      newShift(v, world, departMs);
      // parked at the depot until then: the first leg starts from the depot when it leaves
      v.routeNodes = [];
      v.routeSegs = [];
      v.lastMs = startMs;
      v.mode = 'at-stop';
      v.busyUntilMs = departMs;
      v.next = -1; // "at the depot, about to leave for stop 0": the step after departMs starts leg 0
      world.vehicles.push(v);
      return v;
    },
    key: (v) => v.vehicleId,
    step: (v, ctx) => {
      const unit = v.telematics;
      const pingId = `p-${ctx.seq}`;
      // uploading what it stored while offline: one fix per record, oldest first
      const stored = unit.backlog.shift();
      if (stored) {
        stored.pingId = pingId;
        return stored;
      }
      const world = ctx.pools;
      world.expire(ctx.now);
      if (unit.offlineFromMs > 0) {
        // back online: the fixes it took while offline (no reroute reached it then), stored or lost
        const backlog = reconnect(unit, ctx.now).map((at) => {
          advance(v, world, at, false);
          return ping(v, at, '', ctx.rng);
        });
        if (!unit.loseBacklog) unit.backlog = backlog;
      }
      advance(v, world, ctx.now);
      const record = ping(v, ctx.now, pingId, ctx.rng);
      maybeDrop(unit, ctx.now, ctx.rng, o);
      return record;
    },
    every: (v, ctx) => nextPingIn(v.telematics, ctx.now, ctx.rng),
    scenarios: (['crash', 'closure', 'roadworks'] as const).map((k) => incidentScenario(k, o)),
    recordId: (p) => p.pingId,
    malform: (p, rng) => malformPing(p, rng, o),
  });
}

/** The live and evaluation model with the defaults (its own inbox). */
export const fleetModel = createFleetModel();

/**
 * Bad input the pipelines must survive: broken JSON, an impossible speed, a fix off the map, a
 * teleport (a valid-looking fix kilometres from the last one: only the vehicle's history shows it).
 */
function malformPing(p: Ping, rng: Rng, o: FleetModelOptions): { kind: 'custom' | 'truncated'; text: string } {
  const roll = rng.next();
  if (roll < 0.25) return { kind: 'truncated', text: JSON.stringify(p).slice(0, 40) };
  if (roll < 0.5) return { kind: 'custom', text: JSON.stringify({ ...p, speedKmh: Math.round(rng.range(260, 900)) }) };
  if (roll < 0.75) return { kind: 'custom', text: JSON.stringify({ ...p, ...offset(p, rng.range(0, 360), rng.range(20_000, 80_000)) }) };
  const net = cityNetwork(o.networkSeed);
  const far = {
    lat: net.bbox.minLat + rng.next() * (net.bbox.maxLat - net.bbox.minLat),
    lon: net.bbox.minLon + rng.next() * (net.bbox.maxLon - net.bbox.minLon),
  };
  return { kind: 'custom', text: JSON.stringify({ ...p, ...far, pingId: `${p.pingId}-teleport` }) };
}
