import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, assertOnQuery, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, net, pingOn, S, T0 } from '../domain/fixtures.js';
import { LiveTraffic } from '../domain/live-traffic.js';
import type { Ping } from '../domain/ping.js';
import type { Reroute } from '../domain/reroute.js';
import { freeFlowCost, shortestRoute } from '../domain/routing.js';
import { mapMatching } from './map-matching.js';
import { rerouting } from './rerouting.js';

const goal = net.nodes.length - 2 * net.cols - 3;
const plan = shortestRoute(net, ARTERIAL.to, goal, freeFlowCost(net))!;
const job = { stopId: 'van-001/1-1', node: goal, dueBy: T0 + 3_600 * S };

describe('rerouting (state per vehicle holding its route)', () => {
  const setup = (traffic: LiveTraffic) => {
    const input = new MemoryStream<Ping>();
    const sent: Reroute[] = [];
    const out = rerouting(mapMatching(input.toStream(), net), { net, traffic }).map((r) => {
      sent.push(r);
      return { id: r.rerouteId, segmentId: r.segmentId, reason: r.reason };
    });
    return { input, out, sent };
  };

  it('sends a new route once when the route ahead crosses a blocked road: never through it, with the ETA it saves', async () => {
    const traffic = new LiveTraffic(net);
    const blocked = plan.segments[3]!;
    const { input, out, sent } = setup(traffic);
    await testStream(out, 'append')(
      addData(input, pingOn(ARTERIAL.index, 0.3, T0, { job })),
      checkNewAnswer(),
      assertOnQuery(() => void traffic.open({ segmentId: `s-${blocked}`, segment: blocked, severity: 'blocked', sinceMs: T0 })),
      addData(input, pingOn(ARTERIAL.index, 0.5, T0 + 3 * S, { job })),
      checkNewAnswer({ id: 'van-001#1', segmentId: `s-${blocked}`, reason: `road blocked on ${net.segments[blocked]!.name}` }),
      // the next pings: the route sent is the state now, so nothing more
      addData(input, pingOn(ARTERIAL.index, 0.7, T0 + 6 * S, { job })),
      checkNewAnswer(),
    );
    const r = sent[0]!;
    expect(r.newRoute).not.toContain(blocked);
    expect(r.oldRoute).toContain(blocked);
    expect(r.newNodes[0]).toBe(ARTERIAL.to);
    expect(r.newNodes.at(-1)).toBe(goal);
    expect(r.etaAfterMs).toBeLessThan(r.etaBeforeMs);
    expect(r.savedMs).toBe(r.etaBeforeMs - r.etaAfterMs);
  });

  it('leaves a vehicle alone when nothing is ahead of it, or when it is parked', async () => {
    const traffic = new LiveTraffic(net);
    const elsewhere = net.segments.find((s) => !plan.segments.includes(s.index) && s.index !== ARTERIAL.index)!;
    traffic.open({ segmentId: elsewhere.id, segment: elsewhere.index, severity: 'blocked', sinceMs: T0 });
    traffic.open({ segmentId: `s-${plan.segments[2]}`, segment: plan.segments[2]!, severity: 'major', sinceMs: T0 });
    const { input, out } = setup(traffic);
    await testStream(out, 'append')(
      addData(input, pingOn(ARTERIAL.index, 0.3, T0, { job, vehicleId: 'van-parked', stopped: true, speedKmh: 0 })),
      addData(input, pingOn(ARTERIAL.index, 0.3, T0, { job: null, vehicleId: 'van-idle' })),
      checkNewAnswer(),
    );
  });

  it('routes round an open slowdown it is sent for, and reroutes a sent route again when a vehicle is then seen crawling on it', async () => {
    const traffic = new LiveTraffic(net);
    const slow = plan.segments[3]!;
    const { input, out, sent } = setup(traffic);
    await testStream(out, 'append')(
      addData(input, pingOn(ARTERIAL.index, 0.3, T0, { job })),
      assertOnQuery(() => void traffic.open({ segmentId: `s-${slow}`, segment: slow, severity: 'major', sinceMs: T0 })),
      addData(input, pingOn(ARTERIAL.index, 0.4, T0 + 3 * S, { job })),
      checkNewAnswer({ id: 'van-001#1', segmentId: `s-${slow}`, reason: `major slowdown on ${net.segments[slow]!.name}` }),
      // one vehicle crawls into a segment of the route just sent: no incident yet, but it is seen
      assertOnQuery(() => {
        const next = sent[0]!.newRoute.find((s) => s !== slow && !plan.segments.includes(s))!;
        traffic.spot(next, 0.05, T0 + 4 * S);
      }),
      addData(input, pingOn(ARTERIAL.index, 0.5, T0 + 6 * S, { job })),
      assertOnQuery(() => sent.length === 2),
      // the same sighting is not considered twice
      addData(input, pingOn(ARTERIAL.index, 0.6, T0 + 9 * S, { job })),
      assertOnQuery(() => sent.length === 2),
    );
    expect(sent[0]!.newRoute).not.toContain(slow);
    const crawled = sent[0]!.newRoute.find((s) => s !== slow && !plan.segments.includes(s))!;
    expect(sent[1]!.reason).toBe(`slowdown seen (not confirmed yet) on ${net.segments[crawled]!.name}`);
    expect(sent[1]!.newRoute).not.toContain(crawled);
    expect(sent[1]!.newRoute).not.toContain(slow);
    expect(sent[1]!.rerouteId).toBe('van-001#2');
  });

  it('considers an incident again when it gets worse: a slowdown not worth a detour, then blocked', async () => {
    const traffic = new LiveTraffic(net);
    const seg = plan.segments[3]!;
    const { input, out, sent } = setup(traffic);
    await testStream(out, 'append')(
      addData(input, pingOn(ARTERIAL.index, 0.3, T0, { job })),
      // minor: half speed on one segment saves less than 20 s by any detour
      assertOnQuery(() => void traffic.open({ segmentId: `s-${seg}`, segment: seg, severity: 'minor', sinceMs: T0 })),
      addData(input, pingOn(ARTERIAL.index, 0.4, T0 + 3 * S, { job })),
      assertOnQuery(() => sent.length === 0),
      assertOnQuery(() => void traffic.open({ segmentId: `s-${seg}`, segment: seg, severity: 'blocked', sinceMs: T0 })),
      addData(input, pingOn(ARTERIAL.index, 0.5, T0 + 6 * S, { job })),
      assertOnQuery(() => sent.length === 1),
    );
    expect(sent[0]!.reason).toBe(`road blocked on ${net.segments[seg]!.name}`);
    expect(sent[0]!.newRoute).not.toContain(seg);
  });
});
