import { describe, expect, it } from 'vitest';
import { ARTERIAL, net, pingOn, T0 } from './fixtures.js';
import { offset } from './geo.js';
import { bestMatch, cellOf, spatialIndex } from './spatial-index.js';

describe('spatial index and map matching', () => {
  const cells = new Map(spatialIndex(net).map((r) => [r.cell, r.candidates]));
  const match = (p: { lat: number; lon: number }, heading: number | null) => bestMatch(net, cells.get(cellOf(net, p)) ?? [], p, heading);

  it("lists every segment near a point in that point's cell (any point on any street, 30 m off it)", () => {
    for (const s of net.segments) {
      for (const along of [0.05, 0.5, 0.95]) {
        const p = pingOn(s.index, along, T0);
        const side = offset(p, (p.headingDeg + 90) % 360, 30);
        expect(cells.get(cellOf(net, side)) ?? []).toContain(s.index);
      }
    }
  });

  it('tells the street driven on from the cross street at an intersection by the heading', () => {
    const node = ARTERIAL.to;
    const step = (i: number) => Math.abs(net.segments[i]!.to - net.segments[i]!.from);
    const cross = net.adjacency[node]!.map(([s]) => s).find((s) => step(s) !== step(ARTERIAL.index))!;
    expect(cross).toBeDefined();
    const near = pingOn(ARTERIAL.index, 0.97, T0);
    expect(match(near, near.headingDeg)!.segment).toBe(ARTERIAL.index);
    const onCross = pingOn(cross, 0.03, T0);
    expect(match({ lat: near.lat, lon: near.lon }, onCross.headingDeg)!.segment).toBe(cross);
  });

  it('knows which way the vehicle drives, and leaves a fix far from every street unmatched', () => {
    const back = pingOn(ARTERIAL.index, 0.5, T0, { reverse: true });
    expect(match(back, back.headingDeg)).toMatchObject({ segment: ARTERIAL.index, reverse: true });
    const block = net.segments.find((s) => s.kind === 'local')!;
    const p = pingOn(block.index, 0.5, T0);
    expect(match(offset(p, (p.headingDeg + 90) % 360, 200), null)).toBeNull();
  });
});
