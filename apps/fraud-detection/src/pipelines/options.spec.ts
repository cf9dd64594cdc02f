import { describe, expect, it } from 'vitest';
import { pipelineOptions } from './options.js';

describe('pipelineOptions', () => {
  it('fills in every default', () => {
    const o = pipelineOptions();
    expect({
      watermark: o.watermark,
      velocityWindow: o.velocityWindow,
      velocitySlide: o.velocitySlide,
      merchantWindow: o.merchantWindow,
      merchantSlide: o.merchantSlide,
    }).toEqual({
      watermark: '15 seconds',
      velocityWindow: '5 minutes',
      velocitySlide: '15 seconds',
      merchantWindow: '5 minutes',
      merchantSlide: '15 seconds',
    });
    expect(o.rules).toEqual(pipelineOptions({ rules: {} }).rules);
  });

  it('keeps what it is given, durations as text or milliseconds', () => {
    const o = pipelineOptions({ watermark: '1 minute', velocitySlide: 30_000 });
    expect(o.watermark).toBe('1 minute');
    expect(o.velocitySlide).toBe(30_000);
    expect(o.velocityWindow).toBe('5 minutes');
  });

  it('rejects a duration it cannot parse, with a coded error naming the option', () => {
    expect(() => pipelineOptions({ merchantWindow: 'five minutes' })).toThrow(
      expect.objectContaining({
        name: 'StreamlabError',
        code: 'FRAUD_BAD_PIPELINE_OPTIONS',
        value: { merchantWindow: 'five minutes' },
        message: expect.stringContaining('pipeline option merchantWindow is invalid'),
      }),
    );
  });
});
