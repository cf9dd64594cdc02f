import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabelLine } from './envelope.js';
import { median, readLabelLines, scoreDetections, truthFromLabels, type TruthIncident } from './evaluate.js';
import { createPaymentsModel } from './examples/payments/model.js';
import { ndjsonOutput } from './outputs/ndjson.js';
import { runSimulation } from './run.js';
import { Simulation } from './simulation.js';

const dir = mkdtempSync(join(tmpdir(), 'datagen-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const M = 60_000;
const truth: TruthIncident[] = [
  { id: 'ring-1', scenario: 'ring', keys: ['a', 'b'], startMs: 10 * M, endMs: 20 * M, firstRecordMs: 11 * M, recordIds: [] },
  { id: 'ring-2', scenario: 'ring', keys: ['c'], startMs: 30 * M, endMs: 40 * M, firstRecordMs: 30 * M, recordIds: [] },
  { id: 'test-1', scenario: 'testing', keys: ['d'], startMs: 50 * M, endMs: 55 * M, firstRecordMs: 50 * M, recordIds: [] },
];

describe('scoreDetections', () => {
  it('counts right and wrong detections, caught incidents and their delays', () => {
    const card = scoreDetections(truth, [
      { key: 'b', timeMs: 13 * M, kind: 'velocity' }, // ring-1, 2 minutes after its first record
      { key: 'a', timeMs: 12 * M, kind: 'velocity' }, // ring-1 again, earlier: the delay is 1 minute
      { key: 'c', timeMs: 44 * M, kind: 'geo' }, // ring-2, within the 5-minute grace
      { key: 'd', timeMs: 61 * M, kind: 'geo' }, // too late for test-1
      { key: 'z', timeMs: 12 * M, kind: 'geo' }, // nobody's incident
    ]);
    expect(card.overall).toEqual({ incidents: 3, detected: 2, recall: 2 / 3, detections: 5, truePositives: 3, precision: 3 / 5, medianDelayMs: (1 * M + 14 * M) / 2 });
    expect(card.scenarios).toEqual([
      { scenario: 'ring', incidents: 2, detected: 2, recall: 1, medianDelayMs: (1 * M + 14 * M) / 2 },
      { scenario: 'testing', incidents: 1, detected: 0, recall: 0, medianDelayMs: Number.NaN },
    ]);
    expect(card.kinds).toEqual([
      { kind: 'velocity', detections: 2, truePositives: 2, precision: 1 },
      { kind: 'geo', detections: 3, truePositives: 1, precision: 1 / 3 },
    ]);
    expect(scoreDetections(truth, [{ key: 'c', timeMs: 44 * M }], { graceMs: 0 }).overall.detected).toBe(0);
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reads the simulator labels file back into incidents; a perfect detector scores 1', async () => {
    const path = join(dir, 'p.ndjson');
    const sim = new Simulation(createPaymentsModel({ rhythm: false }), { seed: 5, ratePerSec: 300, durationMs: 600_000, speed: 60, disorder: { duplicates: 0.01 } });
    const summary = await runSimulation(sim, ndjsonOutput({ path }), { asap: true });
    const lines: LabelLine[] = [];
    for await (const l of readLabelLines(join(dir, 'p.labels.ndjson'))) lines.push(l);
    const incidents = truthFromLabels(lines);
    expect(incidents.map((i) => i.id)).toEqual(summary.incidents.map((i) => i.id));
    expect(incidents.every((i) => i.firstRecordMs >= i.startMs && i.firstRecordMs < i.endMs)).toBe(true);
    // The oracle: one detection per labelled record.
    const oracle = lines.flatMap((l) => (l.kind === 'record' && l.scenario ? [{ key: l.key, timeMs: l.eventTimeMs }] : []));
    const card = scoreDetections(incidents, oracle);
    expect(card.overall.precision).toBe(1);
    expect(card.overall.recall).toBe(1);
    expect(card.overall.medianDelayMs).toBe(0);
  });

  it('names the bad line of a file that is not a labels file', async () => {
    const path = join(dir, 'bad.ndjson');
    writeFileSync(path, '{"kind":"incident","id":"x","scenario":"s","startMs":0,"endMs":1,"keys":[]}\nnot json\n');
    const read = async () => {
      for await (const _ of readLabelLines(path)) void _;
    };
    await expect(read()).rejects.toThrowError(/bad\.ndjson:2 is not JSON/);
  });
});
