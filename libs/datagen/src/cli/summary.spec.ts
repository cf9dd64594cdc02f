import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../run.js';
import { formatSummary } from './summary.js';

const summary: RunSummary = {
  model: 'payments',
  output: 'kafka:127.0.0.1:9092/payments (labels payments.labels)',
  stats: {
    generated: 1_200_000,
    emitted: 1_212_000,
    labelled: 5_160,
    outOfOrder: 0,
    late: 24_000,
    duplicates: 12_000,
    malformed: 0,
    incidents: { 'card-testing': 21, 'fraud-ring': 1 },
  },
  targetRatePerSec: 2_000,
  recordsPerSec: 2_020,
  elapsedMs: 600_000,
  startMs: Date.UTC(2026, 0, 5),
  endMs: Date.UTC(2026, 0, 5, 10),
  speed: 60,
  asap: false,
  incidents: [],
  aborted: false,
};

describe('formatSummary', () => {
  it('reports records, rate achieved against the target, disorder counts and scenarios', () => {
    expect(formatSummary(summary)).toBe(
      [
        'payments: 1,212,000 records in 600.0 s, 2,020 records/s achieved (target 2,000/s)',
        '  event time 2026-01-05T00:00:00.000Z .. 2026-01-05T10:00:00.000Z (speed 60)',
        '  disorder: out-of-order 0 (0.00%), late 24,000 (2.00%), duplicates 12,000 (1.00%), malformed 0 (0.00%)',
        '  scenarios: card-testing 21 incidents, fraud-ring 1 incident; 5,160 labelled records',
        '  output: kafka:127.0.0.1:9092/payments (labels payments.labels)',
        '',
      ].join('\n'),
    );
  });

  it('says when a run was unpaced, stopped early, or had no scenarios', () => {
    const text = formatSummary({ ...summary, asap: true, aborted: true, stats: { ...summary.stats, incidents: {} } });
    expect(text).toMatch(/\(target 2,000\/s, --asap: unpaced\) \[stopped early\]/);
    expect(text).toMatch(/scenarios: none/);
  });
});
