import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, net, pingOn, S, T0 } from '../domain/fixtures.js';
import { LiveTraffic } from '../domain/live-traffic.js';
import type { Ping } from '../domain/ping.js';
import { freeFlowCost, shortestRoute } from '../domain/routing.js';
import { stopEtas } from './eta-risk.js';
import { mapMatching } from './map-matching.js';

describe('ETA and late-delivery risk per stop (mapGroupsWithState)', () => {
  it('computes the ETA on live costs from the newest ping, and the risk against the delivery window', async () => {
    const goal = 60;
    const eta = T0 + 10 * S + Math.round(shortestRoute(net, ARTERIAL.to, goal, freeFlowCost(net))!.costSec * 1000);
    const input = new MemoryStream<Ping>();
    const out = stopEtas(mapMatching(input.toStream(), net), { net, traffic: new LiveTraffic(net) }).map((r) => ({
      v: r.vehicleId,
      eta: r.etaMs,
      risk: r.risk,
    }));
    const job = (dueBy: number) => ({ stopId: 's', node: goal, dueBy });
    await testStream(out, 'update')(
      addData(
        input,
        pingOn(ARTERIAL.index, 0.2, T0, { vehicleId: 'a', job: job(eta - 60 * S) }),
        // the newest of the vehicle's pings in the batch decides
        pingOn(ARTERIAL.index, 0.5, T0 + 10 * S, { vehicleId: 'a', job: job(eta - 60 * S) }),
        pingOn(ARTERIAL.index, 0.5, T0 + 10 * S, { vehicleId: 'b', job: job(eta + 5 * 60 * S) }),
        pingOn(ARTERIAL.index, 0.5, T0 + 10 * S, { vehicleId: 'c', job: job(eta + 30 * 60 * S) }),
        pingOn(ARTERIAL.index, 0.5, T0 + 10 * S, { vehicleId: 'd', job: null, stopped: true }),
      ),
      checkNewAnswer({ v: 'a', eta, risk: 'late' }, { v: 'b', eta, risk: 'at-risk' }, { v: 'c', eta, risk: 'on-time' }, { v: 'd', eta: null, risk: 'idle' }),
    );
  });
});
