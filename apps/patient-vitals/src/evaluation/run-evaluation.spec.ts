import { describe, expect, it } from 'vitest';
import { runEvaluation } from './run-evaluation.js';

describe('runEvaluation (the pipelines in memory against ground truth)', () => {
  it('runs the simulator through the pipelines stage by stage, reports progress, and catches the deteriorations', async () => {
    const progress: number[] = [];
    const run = await runEvaluation({ seed: 3, beds: 12, hours: 6, deteriorationsPerHour: 0.5, mimicsPerHour: 2, onProgress: (done) => progress.push(done) });
    expect(run.records).toBeGreaterThan(10_000);
    expect(run.deadLetters).toBeGreaterThan(0); // malformed records were sent, and counted, not thrown
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const s = run.scorecard;
    expect(s.overall.incidents).toBeGreaterThan(0);
    expect(s.overall.detected).toBe(s.overall.incidents);
    expect(s.overall.medianLeadMin).toBeGreaterThan(60);
    expect(s.mimicHighAlerts).toBe(0);
    // every alert names a pseudonymous patient of the run
    expect(run.alerts.every((a) => /^pt-[0-9a-z]{6}$/.test(a.patientId))).toBe(true);
  }, 120_000);
});
