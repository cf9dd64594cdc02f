import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';
import { scheduleTimes } from './schedule.js';

const H = 3_600_000;

describe('scheduleTimes', () => {
  it('places fixed offsets and periodic starts inside the run', () => {
    expect(scheduleTimes({ at: ['2 hours', '10 minutes', '30 hours'] }, 1_000, 1_000 + 24 * H, new Rng(1))).toEqual([1_000 + 600_000, 1_000 + 2 * H]);
    expect(scheduleTimes({ every: '1 hour' }, 0, 3 * H + 1, new Rng(1))).toEqual([H, 2 * H, 3 * H]);
    expect(scheduleTimes({ every: '1 hour', offset: 0 }, 0, 2 * H, new Rng(1))).toEqual([0, H]);
  });

  it('draws a seeded Poisson process at the asked mean rate', () => {
    const times = scheduleTimes({ perHour: 4 }, 0, 1_000 * H, new Rng(5));
    expect(times.length).toBeGreaterThan(3_800);
    expect(times.length).toBeLessThan(4_200);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(scheduleTimes({ perHour: 4 }, 0, 1_000 * H, new Rng(5))).toEqual(times);
  });

  it('rejects a schedule it cannot follow', () => {
    expect(() => scheduleTimes({ every: 0 }, 0, H, new Rng(1))).toThrowError(/every/);
    expect(() => scheduleTimes({ perHour: -1 }, 0, H, new Rng(1))).toThrowError(/perHour/);
    expect(() => scheduleTimes({ at: ['soon'] }, 0, H, new Rng(1))).toThrowError(/soon/);
  });
});
