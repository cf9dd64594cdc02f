import { describe, expect, it } from 'vitest';
import { parseEvaluateArgs, formatReport } from './report.js';
import { EVALUATION_OPTIONS, evaluate } from './run-evaluation.js';

describe('evaluate (both runs, in memory)', () => {
  it('detects the incidents, reroutes around them and never through a closure it could know of, on a short seeded run', async () => {
    const progress: number[] = [];
    const r = await evaluate({ ...EVALUATION_OPTIONS, vehicles: 150, minutes: 30 }, (f) => progress.push(f));
    expect(r.detection.overall.recall).toBeGreaterThanOrEqual(0.9);
    expect(r.detection.overall.precision).toBeGreaterThanOrEqual(0.8);
    expect(r.detection.overall.medianDelayMs).toBeLessThanOrEqual(120_000);
    expect(r.throughKnownClosed).toBe(0);
    // a fair comparison: rerouting changes where vehicles drive, not which incidents happen
    expect(r.incidents).toBeGreaterThan(0);
    expect(r.incidentsDiffering).toBe(0);
    expect(r.throughObservableClosure).toBe(0);
    expect(r.intoWarnableClosure).toBe(0);
    // every other reroute through a closure is explained (and so is every vehicle that met one)
    expect(r.unseenClosures.length).toBe(r.throughTrueClosure - r.throughObservableClosure);
    expect(formatReport(r)).toContain('| reroutes through a closed segment the planner could know of | 0 ');
    expect(r.reroutes).toBeGreaterThan(0);
    expect(r.delayWithMin).toBeLessThan(r.delayWithoutMin);
    expect(progress.at(-1)).toBe(1);
    expect(formatReport(r)).toMatch(/\| incident detection recall +\| 100\.0 % +\| >= 90 % \| yes \|/);
  }, 120_000);

  it('reads its flags, and says what is wrong with a bad one', () => {
    expect(parseEvaluateArgs(['--', '--minutes', '30', '--json']).options.minutes).toBe(30);
    expect(() => parseEvaluateArgs(['--minutes', 'ten'])).toThrow("--minutes must be a positive whole number, got 'ten'");
  });
});
