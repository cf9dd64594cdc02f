import { describe, expect, it } from 'vitest';
import { LatencyMatcher, type LatencyRun, medianRuns, percentile, renderLatencyTable } from './latency.js';

describe('percentile', () => {
  it('is the nearest rank, NaN when there are no values', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile(Float64Array.of(7), 99)).toBe(7);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });
});

describe('LatencyMatcher', () => {
  it('gives every record folded into one output the latency of that output', () => {
    const m = new LatencyMatcher();
    m.produced('k|0', 1_000, true);
    m.produced('k|0', 1_010, true);
    m.produced('k|0', 1_020, true);
    m.output('k|0', 3, 1_100);
    expect(m.stats()).toMatchObject({ records: 3, reflected: 3, p50Ms: 90, maxMs: 100, meanMs: 90 });
    expect(m.pending).toBe(0);
  });

  it('counts a record once, at the first output that reflects it, and ignores repeated or lower counts', () => {
    const m = new LatencyMatcher();
    for (const t of [0, 10, 20, 30]) m.produced('k|0', t, true);
    m.output('k|0', 1, 5); // record 1: 5 ms
    m.output('k|0', 1, 50); // a repeat (at-least-once): nothing new
    m.output('k|0', 3, 60); // records 2, 3: 50, 40 ms
    m.output('k|0', 2, 70); // lower: nothing new
    expect(m.stats()).toMatchObject({ records: 4, reflected: 3, p50Ms: 40, maxMs: Number.POSITIVE_INFINITY, meanMs: 95 / 3 });
    expect(m.pending).toBe(1);
    m.output('k|0', 4, 31); // record 4: 1 ms
    expect(m.stats()).toMatchObject({ reflected: 4, p50Ms: 5, p99Ms: 50 });
  });

  it('measures only records of the measured phase, but counts warm-up records toward the window counts', () => {
    const m = new LatencyMatcher();
    m.produced('k|0', 0, false);
    m.produced('k|0', 100, true);
    m.produced('j|0', 100, true);
    m.output('k|0', 1, 1_000); // the warm-up record: not measured
    m.output('k|0', 2, 130);
    m.output('j|0', 1, 120);
    expect(m.stats()).toMatchObject({ records: 2, reflected: 2, p50Ms: 20, p99Ms: 30, maxMs: 30 });
  });

  it('counts outputs with more records than were produced for their window (a matching error), and unknown windows', () => {
    const m = new LatencyMatcher();
    m.produced('k|0', 0, true);
    m.output('k|0', 2, 10);
    m.output('x|0', 1, 10);
    expect(m.ahead).toBe(2);
    expect(m.stats().reflected).toBe(0);
  });
});

const run = (system: string, settings: string, round: number, p99Ms: number): LatencyRun => ({
  system,
  settings,
  round,
  records: 600_000,
  reflected: 600_000,
  p50Ms: p99Ms / 2,
  p99Ms,
  maxMs: p99Ms * 2,
  meanMs: p99Ms / 2,
  cores: 0.5,
  load1: 3,
});

describe('medianRuns and the table', () => {
  it('keeps the run with the median p99 per system and setting, in first-seen order', () => {
    const runs = [
      run('streamlab', 'default', 0, 90),
      run('kafka-streams', 'default', 0, 40),
      run('streamlab', 'default', 1, 70),
      run('streamlab', 'default', 2, 80),
    ];
    expect(medianRuns(runs).map((r) => [r.system, r.p99Ms])).toEqual([
      ['streamlab', 80],
      ['kafka-streams', 40],
    ]);
  });

  it('renders one row per run with its load, ∞ for results that never came', () => {
    const late = { ...run('kafka-streams', 'low-latency', 1, Number.POSITIVE_INFINITY), reflected: 590_000, p50Ms: 900, meanMs: 1_000 };
    const table = renderLatencyTable(10_000, [run('spark', 'default', 0, 1_234.4), late]);
    expect(table.split('\n')).toHaveLength(4);
    expect(table.split('\n')[2]).toBe('| spark | default | 1 | 10,000 | 600,000 | all | 617 | 1234 | 2469 | 617 | 0.50 | 3.0 |');
    expect(table.split('\n')[3]).toBe('| kafka-streams | low-latency | 2 | 10,000 | 600,000 | 590,000 | 900 | ∞ | ∞ | 1000 | 0.50 | 3.0 |');
  });
});
