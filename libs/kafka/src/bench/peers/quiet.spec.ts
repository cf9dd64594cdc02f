import { describe, expect, it } from 'vitest';
import { type CpuSample, isQuiet } from './quiet.js';

const rule = { quietMs: 20_000, maxBusy: 0.25 };
/** A sample every 500 ms from 0 to `until` ms, at `busy(t)` of a core. */
const samples = (until: number, busy: (t: number) => number): CpuSample[] => {
  const out: CpuSample[] = [];
  let cpu = 0;
  for (let t = 0; t <= until; t += 500) {
    out.push({ t, cpu });
    cpu += busy(t) * 0.5;
  }
  return out;
};
const idle = samples(60_000, () => 0.02);

describe('isQuiet', () => {
  it('a run that read everything, wrote nothing for 20 s and sat idle is quiet', () => {
    expect(isQuiet(idle, 60_000, 30_000, 0, rule)).toBe(true);
  });

  it('a run still computing without output (a long no-data batch) is not quiet', () => {
    const busy = samples(60_000, () => 1.5);
    expect(isQuiet(busy, 60_000, 30_000, 0, rule)).toBe(false);
    // work that stops at 80 s: at 90 s the last 20 s were half busy, at 100 s idle
    const stops = (now: number) => samples(now, (t) => (t < 80_000 ? 1.5 : 0.02));
    expect(isQuiet(stops(90_000), 90_000, 30_000, 0, rule)).toBe(false);
    expect(isQuiet(stops(100_000), 100_000, 30_000, 0, rule)).toBe(true);
  });

  it('not before the input is all read, nor within 20 s of the last output', () => {
    expect(isQuiet(idle, 60_000, 0, 0, rule)).toBe(false);
    expect(isQuiet(idle, 60_000, 30_000, 45_000, rule)).toBe(false);
    expect(isQuiet(idle, 60_000, 30_000, 39_000, rule)).toBe(true);
  });

  it('not without a CPU sample from 20 s ago, nor when the process is gone (NaN CPU)', () => {
    expect(isQuiet(idle.slice(-10), 60_000, 30_000, 0, rule)).toBe(false);
    expect(isQuiet([...idle, { t: 60_000, cpu: Number.NaN }], 60_000, 30_000, 0, rule)).toBe(false);
  });
});
