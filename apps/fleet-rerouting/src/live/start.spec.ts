import { describe, expect, it } from 'vitest';
import { fleetTopics, LIVE_DEFAULTS, simulationOptions } from './start.js';

describe('the live run', () => {
  it('declares its fleet.* topics, the pings with a dead-letter topic', () => {
    expect(fleetTopics()).toEqual([{ topic: 'fleet.pings', partitions: 2, deadLetters: true }, { topic: 'fleet.incidents' }, { topic: 'fleet.reroutes' }]);
  });

  it("takes the hub's --rate (pings per wall-clock second) and --speed over its demo pace", () => {
    expect(simulationOptions()).toEqual({ simRatePerSec: LIVE_DEFAULTS.simRatePerSec, speed: LIVE_DEFAULTS.speed });
    expect(simulationOptions({ rate: 750 })).toEqual({ simRatePerSec: 50, speed: 15 });
    // a speed alone keeps the wall-clock rate: real time, as busy on the dashboard
    expect(simulationOptions({ speed: 1 })).toEqual({ simRatePerSec: LIVE_DEFAULTS.simRatePerSec * LIVE_DEFAULTS.speed, speed: 1 });
  });
});
