/**
 * Spark conformance: every case of tools/spark-conformance/cases is replayed through StreamLab
 * and compared, step by step, with what real Apache Spark 3.5 did (the committed fixtures, written
 * by `npm run spark-conformance`): rows, watermark, numRowsDroppedByWatermark, number of
 * batches, rejection vs acceptance. Cases in KNOWN_DIFFERENCES / EXTENSIONS must still differ;
 * every other case must match. CONFORMANCE_REPORT=1 prints every case's differences.
 */
import { describe, expect, it } from 'vitest';
import { compareResults } from './conformance/compare.js';
import { loadCases, loadFixtures } from './conformance/fixtures.js';
import { replay } from './conformance/replay.js';
import { EXTENSIONS, KNOWN_DIFFERENCES } from './known-differences.js';

const cases = loadCases();
const fixtures = loadFixtures();
const report = process.env['CONFORMANCE_REPORT'] !== undefined && process.env['CONFORMANCE_REPORT'] !== '';
const regenerate = (id: string) => `run \`npm run spark-conformance -- ${id}\` (needs Java 17 and Maven; see tools/spark-conformance/README.md)`;

describe('Spark 3.5 conformance (tools/spark-conformance)', () => {
  it('every case has a fixture and every fixture a case', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect(
      cases.filter((c) => !fixtures.has(c.id)).map((c) => c.id),
      'cases without a fixture',
    ).toEqual([]);
    expect(
      [...fixtures.keys()].filter((id) => !ids.has(id)),
      'fixtures without a case (delete them)',
    ).toEqual([]);
  });

  it('KNOWN_DIFFERENCES and EXTENSIONS name existing cases, each in one list', () => {
    const ids = new Set(cases.map((c) => c.id));
    const listed = [...Object.keys(KNOWN_DIFFERENCES), ...Object.keys(EXTENSIONS)];
    expect(
      listed.filter((id) => !ids.has(id)),
      'listed ids that are not cases',
    ).toEqual([]);
    expect(
      Object.keys(KNOWN_DIFFERENCES).filter((id) => id in EXTENSIONS),
      'ids in both lists',
    ).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.family}: ${c.id}`, async () => {
      const fixture = fixtures.get(c.id);
      if (!fixture) throw new Error(`${c.id}: no fixture: ${regenerate(c.id)}`);
      const { family: _family, ...definition } = c;
      if (JSON.stringify(fixture.case) !== JSON.stringify(definition)) {
        throw new Error(`${c.id}: the fixture is stale (the case changed since Spark ran it): ${regenerate(c.id)}`);
      }
      const differences = compareResults(c, fixture.result, await replay(c));
      const known = KNOWN_DIFFERENCES[c.id] ?? EXTENSIONS[c.id];
      if (report && differences.length > 0) console.log(`${c.id}${known ? ` [listed: ${known}]` : ''}\n  ${differences.join('\n  ')}`);
      if (known !== undefined) {
        if (differences.length === 0) {
          const list = c.id in EXTENSIONS ? 'EXTENSIONS' : 'KNOWN_DIFFERENCES';
          throw new Error(`${c.id} now matches Spark 3.5: remove it from ${list} in libs/core/src/spark/known-differences.ts (it said: ${known})`);
        }
        return;
      }
      if (differences.length > 0) {
        throw new Error(`${c.id} (${c.title}) differs from Spark 3.5:\n  ${differences.join('\n  ')}`);
      }
    });
  }
});
