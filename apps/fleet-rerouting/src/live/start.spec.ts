import { describe, expect, it } from 'vitest';
import { fleetTopics, LIVE_DEFAULTS, liveRatePerSec, simulationOptions } from './start.js';

describe('the live run', () => {
  it('declares its fleet.* topics, the pings with a dead-letter topic', () => {
    expect(fleetTopics()).toEqual([{ topic: 'fleet.pings', partitions: 2, deadLetters: true }, { topic: 'fleet.incidents' }, { topic: 'fleet.reroutes' }]);
  });

  it("takes the hub's --rate (pings per wall-clock second) as the fleet's size, and --speed", () => {
    expect(simulationOptions()).toEqual({ vehicles: LIVE_DEFAULTS.vehicles, speed: LIVE_DEFAULTS.speed });
    expect(liveRatePerSec(LIVE_DEFAULTS)).toBeCloseTo(687.2, 1);
    // every vehicle keeps its 2-5 s interval: 900 pings a second at 15x is a fleet of 196
    expect(simulationOptions({ rate: 900 })).toEqual({ vehicles: 196, speed: 15 });
    expect(liveRatePerSec(simulationOptions({ rate: 900 }))).toBeCloseTo(900, -1);
    expect(simulationOptions({ rate: 900, speed: 30 })).toEqual({ vehicles: 98, speed: 30 });
    // a speed alone keeps the fleet (the kit's rule: the simulated rate stays), however slow that is on the wall
    expect(simulationOptions({ speed: 1 })).toEqual({ vehicles: LIVE_DEFAULTS.vehicles, speed: 1 });
    expect(simulationOptions({ rate: 0.01 })).toEqual({ vehicles: 1, speed: 15 });
  });
});
