import { describe, expect, it } from 'vitest';
import { evaluateDetectors } from '@streamlab/datagen';
import { evaluation } from './evaluation.js';

describe('evaluation', () => {
  it('catches every spike, and alerts on nothing else', async () => {
    const { scorecard } = await evaluateDetectors(evaluation, { seed: 7, minutes: 3, ratePerSec: 20 });
    expect(scorecard.scenarios).toEqual([expect.objectContaining({ scenario: 'spike', incidents: 3, detected: 3 })]);
    expect(scorecard.overall.precision).toBe(1);
    // an alert comes out when the watermark (10 s) passes the end of its 10-second window
    expect(scorecard.overall.medianDelayMs).toBeLessThan(30_000);
  });
});
