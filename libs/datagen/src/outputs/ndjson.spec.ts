import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabelLine } from '../envelope.js';
import { createPaymentsModel } from '../examples/payments/model.js';
import { runSimulation } from '../run.js';
import { Simulation } from '../simulation.js';
import { labelsPathFor, ndjsonOutput } from './ndjson.js';

const dir = mkdtempSync(join(tmpdir(), 'datagen-ndjson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ndjsonOutput', () => {
  it('names the labels file beside the data file', () => {
    expect(labelsPathFor('out/payments.ndjson')).toBe('out/payments.labels.ndjson');
    expect(labelsPathFor('tx.jsonl')).toBe('tx.labels.ndjson');
  });

  it('writes records without any ground truth, and labels and incidents to the side file', async () => {
    const path = join(dir, 'sub', 'payments.ndjson');
    const sim = new Simulation(createPaymentsModel({ rhythm: false }), {
      seed: 3,
      ratePerSec: 200,
      durationMs: 300_000,
      speed: 60,
      disorder: { late: 0.02, malformed: 0.01 },
    });
    const summary = await runSimulation(sim, ndjsonOutput({ path }), { asap: true });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(summary.stats.emitted);
    let parsed = 0;
    for (const line of lines) {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // a malformed record, on purpose
      }
      parsed++;
      expect(rec).not.toHaveProperty('label');
      expect(rec).not.toHaveProperty('scenario');
      expect(typeof rec['txId']).toBe('string');
    }
    expect(parsed).toBeGreaterThan(lines.length * 0.99);

    const truth = readFileSync(labelsPathFor(path), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as LabelLine);
    const incidents = truth.filter((l) => l.kind === 'incident');
    const records = truth.filter((l) => l.kind === 'record');
    expect(incidents.length).toBe(summary.incidents.length);
    expect(incidents.length).toBeGreaterThan(0);
    expect(records.filter((r) => r.scenario).length).toBe(summary.stats.labelled);
    expect(records.filter((r) => r.disorder === 'late').length).toBe(summary.stats.late);
    expect(records.filter((r) => r.disorder === 'malformed').length).toBe(summary.stats.malformed);
    // Each label names a record that is in the data file (by its txId), except malformed text.
    const ids = new Set(lines.map((l) => /"txId":"(tx-\d+)"/.exec(l)?.[1]).filter(Boolean));
    expect(records.filter((r) => r.disorder !== 'malformed').every((r) => ids.has(r.id))).toBe(true);
  });
});
