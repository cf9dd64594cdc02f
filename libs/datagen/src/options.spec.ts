import { describe, expect, it } from 'vitest';
import { StreamlabError } from '@streamlab/core';
import { NO_DISORDER } from './disorder.js';
import { DEFAULT_START_MS, resolveOptions } from './options.js';

describe('resolveOptions', () => {
  it('fills in defaults in one place', () => {
    expect(resolveOptions()).toEqual({
      seed: 1,
      ratePerSec: 1000,
      durationMs: 60_000,
      speed: 1,
      startMs: DEFAULT_START_MS,
      entities: undefined,
      profile: { kind: 'steady' },
      disorder: NO_DISORDER,
      scenarios: undefined,
    });
    expect(new Date(DEFAULT_START_MS).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(resolveOptions({ disorder: { late: 0.1 } }).disorder).toEqual({ ...NO_DISORDER, late: 0.1 });
  });

  it('names every bad field', () => {
    try {
      resolveOptions({ ratePerSec: 0, speed: -1, disorder: { late: 0.7, outOfOrder: 0.7 }, profile: { kind: 'bursty', factor: 2, everyMs: 10, burstMs: 20 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StreamlabError);
      const e = err as StreamlabError;
      expect(e.code).toBe('DATAGEN_BAD_OPTIONS');
      expect(e.message).toMatch(/ratePerSec: ratePerSec must be positive/);
      expect(e.message).toMatch(/speed: speed must be positive/);
      expect(e.message).toMatch(/must not exceed 1/);
      expect(e.message).toMatch(/burstMs must not exceed everyMs/);
    }
  });
});
