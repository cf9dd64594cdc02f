import { describe, expect, it } from 'vitest';
import { pipelineOptions } from './options.js';

describe('pipelineOptions', () => {
  it('has defaults in ms, and takes Spark-style durations', () => {
    const o = pipelineOptions();
    expect(o).toMatchObject({
      statsWindow: 300_000,
      statsSlide: 60_000,
      statsWatermark: 120_000,
      oeeWatermark: 1_800_000,
      horizon: 7_200_000,
      baselineWindows: 5,
    });
    expect(pipelineOptions({ horizon: '90 minutes', oeeWatermark: 60_000 })).toMatchObject({ horizon: 5_400_000, oeeWatermark: 60_000 });
  });
  it('rejects a bad duration, naming the field', () => {
    expect(() => pipelineOptions({ horizon: 'soon' })).toThrow(/horizon/);
    expect(() => pipelineOptions({ baselineWindows: 0 })).toThrow(/baselineWindows/);
  });
});
