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
    expect(card.overall).toEqual({
      incidents: 3,
      detected: 2,
      recall: 2 / 3,
      detections: 5,
      truePositives: 3,
      precision: 3 / 5,
      medianDelayMs: (1 * M + 14 * M) / 2,
    });
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

  it('a detection citing a labelled record is right about its incident, whatever its key and time', () => {
    const withRecords: TruthIncident[] = [{ ...truth[0]!, recordIds: ['r1', 'r2'] }, truth[1]!, truth[2]!];
    const card = scoreDetections(withRecords, [
      { timeMs: 90 * M, kind: 'merchant', evidence: ['x', 'r2'] }, // no key, long after: right through its evidence
      { key: 'c', timeMs: 31 * M, kind: 'merchant', evidence: ['y'] }, // right by key and time, but its evidence holds no labelled record
      { key: 'z', timeMs: 31 * M, kind: 'geo' }, // cites nothing: wrong
    ]);
    expect(card.overall).toMatchObject({ detected: 2, detections: 3, truePositives: 2, evidenceTruePositives: 1, evidencePrecision: 1 / 3 });
    expect(card.kinds).toEqual([
      { kind: 'merchant', detections: 2, truePositives: 2, precision: 1, evidenceTruePositives: 1, evidencePrecision: 0.5 },
      { kind: 'geo', detections: 1, truePositives: 0, precision: 0, evidenceTruePositives: 0, evidencePrecision: 0 },
    ]);
    // the delay is clamped at 0 for a detection timed before the incident's first record
    expect(scoreDetections(withRecords, [{ timeMs: 0, evidence: ['r1'] }]).overall.medianDelayMs).toBe(0);
    // without evidence anywhere there is no evidence score
    expect(scoreDetections(truth, [{ key: 'a', timeMs: 12 * M, kind: 'v' }]).kinds[0]).not.toHaveProperty('evidencePrecision');
  });

  it('the window opens at the start or at the first record, and its end is exclusive or inclusive', () => {
    const grace = 5 * M;
    const at = (timeMs: number) => [{ key: 'a', timeMs }];
    const detected = (timeMs: number, opts: Parameters<typeof scoreDetections>[2]) => scoreDetections(truth, at(timeMs), opts).overall.detected;
    // ring-1: startMs 10 min, first record 11 min, endMs 20 min
    expect(detected(10 * M, {})).toBe(1);
    expect(detected(10 * M, { windowStart: 'firstRecordMs' })).toBe(0);
    expect(detected(11 * M, { windowStart: 'firstRecordMs' })).toBe(1);
    expect(detected(20 * M + grace, {})).toBe(0);
    expect(detected(20 * M + grace, { windowEnd: 'inclusive' })).toBe(1);
    expect(detected(20 * M + grace + 1, { windowEnd: 'inclusive' })).toBe(0);
    expect(() => scoreDetections(truth, [], { windowEnd: 'open' as 'inclusive' })).toThrowError(expect.objectContaining({ code: 'DATAGEN_BAD_WINDOW' }));
  });

  it('counts, per scenario, how many incidents each kind caught', () => {
    const card = scoreDetections(truth, [
      { key: 'a', timeMs: 12 * M, kind: 'velocity' },
      { key: 'b', timeMs: 13 * M, kind: 'velocity' }, // ring-1 again: still one incident
      { key: 'c', timeMs: 31 * M, kind: 'velocity' },
      { key: 'c', timeMs: 32 * M, kind: 'geo' },
      { key: 'c', timeMs: 33 * M }, // no kind: in recall, not in the matrix
    ]);
    expect(card.matrix).toEqual({ ring: { velocity: 2, geo: 1 } });
  });

  it('scores recall and delay over the scored incidents only, precision over all of them', () => {
    const card = scoreDetections(
      truth,
      [
        { key: 'a', timeMs: 12 * M, kind: 'v' },
        { key: 'd', timeMs: 51 * M, kind: 'v' }, // about test-1, which is not scored: still right
      ],
      { scored: (i) => i.scenario === 'ring' },
    );
    expect(card.overall).toEqual({ incidents: 2, detected: 1, recall: 0.5, detections: 2, truePositives: 2, precision: 1, medianDelayMs: 1 * M });
    expect(card.scenarios.map((s) => s.scenario)).toEqual(['ring']);
    expect(card.matrix).toEqual({ ring: { v: 1 } });
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reads the simulator labels file back into incidents; a perfect detector scores 1', async () => {
    const path = join(dir, 'p.ndjson');
    const sim = new Simulation(createPaymentsModel({ rhythm: false }), {
      seed: 5,
      ratePerSec: 300,
      durationMs: 600_000,
      speed: 60,
      disorder: { duplicates: 0.01 },
    });
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
