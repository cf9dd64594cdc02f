import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Stream } from '@streamlab/core';
import type { Decoder } from '@streamlab/kafka';
import { runEvaluationCli } from './cli/evaluate-cli.js';
import { type DetectorEvaluation, evaluateDetectors } from './evaluate-detectors.js';
import { formatEvaluation } from './evaluation-report.js';
import { defineModel, defineScenario } from './model.js';

interface Reading {
  id: string;
  sensor: string;
  ts: number;
  value: number;
}
type Sensor = { sensor: string };

const hot = defineScenario<Sensor, Reading, undefined, undefined>({
  name: 'hot',
  schedule: { every: '1 minute', offset: '5 seconds' },
  duration: '20 seconds',
  share: 0.2,
  step: (s, _inc, { now, seq }) => ({ id: `r-${seq}`, sensor: s.sensor, ts: now, value: 100 }),
});
const model = defineModel<Sensor, Reading>({
  name: 'sensors',
  entities: 10,
  timeField: 'ts',
  createEntity: ({ index }) => ({ sensor: `s-${index}` }),
  key: (s) => s.sensor,
  step: (s, { now, seq, rng }) => ({ id: `r-${seq}`, sensor: s.sensor, ts: now, value: rng.range(0, 50) }),
  scenarios: [hot],
  recordId: (r) => r.id,
});
const decode: Decoder<Reading> = (record) => {
  try {
    const r = JSON.parse(record.value?.toString('utf8') ?? '') as Reading;
    return typeof r.ts === 'number' ? { ok: true, value: r } : { ok: false, error: 'no ts' };
  } catch {
    return { ok: false, error: 'not JSON' };
  }
};
const evaluation = (threshold: number): DetectorEvaluation<Reading, Reading> => ({
  model,
  decode,
  detectors: { 'over-threshold': (s: Stream<Reading>) => s.filter((r) => r.value > threshold) },
  detection: (r) => ({ key: r.sensor, timeMs: r.ts }),
  disorder: { malformed: 0.01 },
});
const run = { seed: 3, minutes: 3, ratePerSec: 50 };

describe('evaluateDetectors', () => {
  it('runs the detectors over the simulated stream and scores them against the labelled incidents', async () => {
    const progress: number[] = [];
    const r = await evaluateDetectors(evaluation(90), { ...run, onProgress: (d) => progress.push(d) });
    expect(r.detectors).toEqual(['over-threshold']);
    expect(r.scorecard.scenarios).toEqual([{ scenario: 'hot', incidents: 3, detected: 3, recall: 1, medianDelayMs: 0 }]);
    expect(r.scorecard.overall.precision).toBe(1);
    expect(r.scorecard.kinds.map((k) => k.kind)).toEqual(['over-threshold']);
    expect(r.incidents.map((i) => i.id)).toEqual(['hot-1', 'hot-2', 'hot-3', 'hot-4']); // the tail's incident is truth, not scored
    expect(r.deadLetters).toBe(r.disorder.malformed);
    expect(r.deadLetters).toBeGreaterThan(0);
    expect(r.records).toBeGreaterThan(run.minutes * 60 * run.ratePerSec);
    expect(progress.at(-1)).toBe(1);
  });

  it('counts a detector that fires on ordinary records as imprecise, and one that never fires as missing every incident', async () => {
    const noisy = await evaluateDetectors(evaluation(40), run);
    expect(noisy.scorecard.overall.recall).toBe(1);
    expect(noisy.scorecard.overall.precision).toBeLessThan(0.5);
    const deaf = await evaluateDetectors(evaluation(1000), run);
    expect(deaf.scorecard.overall).toMatchObject({ incidents: 3, detected: 0, recall: 0, detections: 0 });
  });

  it('formats the tables: scenarios, detectors and the matrix', async () => {
    const text = formatEvaluation(run, await evaluateDetectors(evaluation(90), run));
    expect(text).toContain('Seed 3, 3 simulated minutes at 50 records/s.');
    expect(text).toContain('| hot | 3 | 3 | 100.0% | 0.0 s |');
    expect(text).toMatch(/\| over-threshold \| \d+ \| \d+ \| 100\.0% \|/);
    expect(text).toContain('| scenario ↓ caught by → | over-threshold |');
  });
});

describe('runEvaluationCli', () => {
  const cli = async (argv: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runEvaluationCli(evaluation(90), argv, { seed: 3, minutes: 3, ratePerSec: 50 }, { stdout, stderr });
    return { code, out, err };
  };

  it('prints the table, or the scorecard as JSON', async () => {
    const table = await cli(['--minutes', '2']);
    expect(table).toMatchObject({ code: 0, err: '' });
    expect(table.out).toContain('| **overall** | 2 | 2 | **100.0%** |');
    const json = await cli(['--', '--minutes', '2', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ options: { seed: 3, minutes: 2, ratePerSec: 50 }, scorecard: { overall: { incidents: 2, detected: 2 } } });
  });

  it.each([
    [['--seed', 'x'], 'evaluate: --seed must be an integer, got "x"\n'],
    [['--minutes', '0'], 'evaluate: --minutes must be a positive number of simulated minutes, got "0"\n'],
    [['--rate', 'fast'], 'evaluate: --rate must be a positive number of records per second, got "fast"\n'],
    [['--bogus'], "evaluate: unknown option '--bogus'\n"],
  ])('rejects %j with exit code 2 and one line', async (argv, message) => {
    expect(await cli(argv)).toEqual({ code: 2, out: '', err: message });
  });
});
