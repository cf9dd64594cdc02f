import { describe, expect, it } from 'vitest';
import { highAverage, type SourceWindow } from './high-average.js';

const win = (over: Partial<SourceWindow>): SourceWindow => ({ window: { start: 0, end: 10_000 }, sourceId: 'source-001', readings: 5, avgValue: 50, ...over });

describe('highAverage', () => {
  it('raises a medium alert above the threshold and a high one from highFrom', () => {
    expect(highAverage(win({ avgValue: 85 }))).toEqual({
      alertId: 'source-001@0',
      sourceId: 'source-001',
      eventTime: 10_000,
      severity: 'medium',
      reason: 'Average 85.0 over 5 readings (threshold 80)',
      avgValue: 85,
    });
    expect(highAverage(win({ avgValue: 90 }))?.severity).toBe('high');
  });

  it('says nothing at or below the threshold, or with too few readings', () => {
    expect(highAverage(win({ avgValue: 80 }))).toBeNull();
    expect(highAverage(win({ avgValue: 99, readings: 2 }))).toBeNull();
  });

  it('takes its thresholds as configuration', () => {
    expect(highAverage(win({ avgValue: 60 }), { threshold: 55, highFrom: 70, minReadings: 1 })?.severity).toBe('medium');
  });
});
