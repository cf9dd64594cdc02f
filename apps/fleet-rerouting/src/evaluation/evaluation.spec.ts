import { describe, expect, it } from 'vitest';
import { evaluateDetectors } from '@streamlab/datagen';
import { evaluation } from './evaluation.js';

describe('evaluation', () => {
  it('catches every zone intrusion, and alerts on nothing else', async () => {
    const { scorecard } = await evaluateDetectors(evaluation, { seed: 7, minutes: 3, ratePerSec: 20 });
    expect(scorecard.scenarios).toEqual([expect.objectContaining({ scenario: 'zone-intrusion', incidents: 3, detected: 3 })]);
    expect(scorecard.overall.precision).toBe(1);
    // the vehicle needs a few seconds to reach the zone; the alert comes out 10 s after its 20-second window
    expect(scorecard.overall.medianDelayMs).toBeLessThan(45_000);
  });
});
