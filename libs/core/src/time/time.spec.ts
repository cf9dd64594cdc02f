import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { toEpochMs } from './event-time.js';

describe('toEpochMs', () => {
  it.each([
    [1_638_360_420_000, 1_638_360_420_000],
    [new Date('2021-12-01T12:07:00Z'), 1_638_360_420_000],
    ['2021-12-01T12:07:00Z', 1_638_360_420_000],
    ['2021-12-01T12:07:00.500+01:00', 1_638_356_820_500],
    ['2021-12-01 12:07:00Z', 1_638_360_420_000],
  ])('normalises %s', (v, ms) => expect(toEpochMs(v)).toBe(ms));

  it.each([undefined, null, '', 'yesterday', '12:07', Number.NaN, Infinity, {}, '2021-13-45T00:00:00Z'])('gives NaN for %s', (v) => {
    expect(toEpochMs(v)).toBeNaN();
  });
});

describe('ManualClock', () => {
  it('wakes sleepers only when advanced to their time, never goes back', async () => {
    const c = new ManualClock(100);
    let woke = false;
    const p = c.sleepUntil(200).then(() => (woke = true));
    c.advance(50);
    await Promise.resolve();
    expect(woke).toBe(false);
    expect(c.isWaiting()).toBe(true);
    c.advance(50);
    await p;
    expect(woke).toBe(true);
    expect(c.now()).toBe(200);
    expect(() => c.setTime(10)).toThrow(/cannot go back/);
    expect(() => c.advance(-1)).toThrow(/non-negative/);
  });

  it('an aborted sleep resolves and is forgotten', async () => {
    const c = new ManualClock(0);
    const ac = new AbortController();
    const p = c.sleepUntil(1000, ac.signal);
    ac.abort();
    await p;
    expect(c.isWaiting()).toBe(false);
  });
});
