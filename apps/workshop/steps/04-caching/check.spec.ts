/**
 * Checks of Bonus 4: the species table is joined, loaded once and cached across batches, reloaded
 * after a minute of processing time (the manual clock's), and the state store's size is read from
 * the query's progress.
 */
import { MemoryStream } from '@streamlab/core';
import { describe, it } from 'vitest';
import { assertNoProblems, compareRows, implementation, QueryDriver, sighting } from '../../src/checks.js';
import type { Sighting } from '../../src/sightings.js';
import type { Species } from './solution.js';

const impl = await implementation<typeof import('./solution.js')>(import.meta.url);

type Count = { zone: string; status: string; count: number };
const counts = { name: (r: Count) => `zone ${r.zone}, status ${r.status}`, value: (r: Count) => r.count, valueName: 'count' };

/** The rangers' database: a species list that changes when the rangers edit it, and a count of reads. */
function rangersDatabase() {
  const db = {
    rows: [
      { animal: 'dog', status: 'common' },
      { animal: 'cat', status: 'common' },
      { animal: 'fox', status: 'watch' },
      { animal: 'heron', status: 'protected' },
    ] as Species[],
    reads: 0,
    load: async (): Promise<Species[]> => {
      db.reads += 1;
      return db.rows.map((r) => ({ ...r }));
    },
  };
  return db;
}

/**
 * The scenario: three batches 30 seconds apart, then the rangers make the fox protected, and a
 * fourth batch a minute later. Returns what each batch emitted (update mode), the reads of the
 * database after each batch, and the state store size the learner's function reads.
 */
async function scenario() {
  const db = rangersDatabase();
  const input = new MemoryStream<Sighting>({ name: 'sightings' });
  const driver = QueryDriver.start(impl.countsPerZoneAndStatus(impl.withStatus(input.toStream(), impl.speciesTable(db.load))), 'update');
  const steps: { emitted: Count[]; reads: number; stateRows: number }[] = [];
  const step = async (advanceMs: number, rows: Sighting[]) => {
    driver.clock.advance(advanceMs);
    const emitted = await driver.step(() => input.addData(rows));
    steps.push({ emitted, reads: db.reads, stateRows: impl.stateRowsTotal(driver.query) });
  };
  try {
    await step(0, [sighting('s-1', '12:00', 'dog'), sighting('s-2', '12:00', 'fox', { zone: 'woods' }), sighting('s-3', '12:00', 'heron', { zone: 'pond' })]);
    await step(20_000, [sighting('s-4', '12:00:20', 'fox', { zone: 'woods' }), sighting('s-5', '12:00:20', 'owl', { zone: 'woods' })]);
    await step(20_000, [sighting('s-6', '12:00:40', 'cat')]);
    db.rows = db.rows.map((r) => (r.animal === 'fox' ? { ...r, status: 'protected' } : r));
    await step(60_000, [sighting('s-7', '12:01:40', 'fox', { zone: 'woods' })]);
    return steps;
  } finally {
    await driver.stop();
  }
}

describe('Bonus 4: caching and persistence', () => {
  it('withStatus joins each sighting to its species (an animal not on the list is dropped)', async () => {
    const steps = await scenario();
    const expected: Count[][] = [
      [
        { zone: 'meadow', status: 'common', count: 1 },
        { zone: 'woods', status: 'watch', count: 1 },
        { zone: 'pond', status: 'protected', count: 1 },
      ],
      [{ zone: 'woods', status: 'watch', count: 2 }], // the owl is not on the list: no row
      [{ zone: 'meadow', status: 'common', count: 2 }],
    ];
    for (let i = 0; i < expected.length; i++) {
      assertNoProblems(
        compareRows(expected[i]!, steps[i]?.emitted ?? [], counts),
        `batch ${i} (update mode)`,
        "sightings.join(species, 'animal', 'inner') adds each sighting's status; the owl has none and is dropped",
      );
    }
  });

  it('the table is cached: one read of the database for the batches of the first minute', async () => {
    const steps = await scenario();
    const reads = steps.slice(0, 3).map((s) => s.reads);
    assertNoProblems(
      reads.every((r) => r === 1) ? [] : [`reads of the database after batches 0, 1 and 2 (0 s, 20 s, 40 s): expected 1, 1, 1, got ${reads.join(', ')}`],
      'caching the species table',
      'staticTable(load, ...) loads once and keeps the rows; calling load() yourself per batch or per row defeats the cache',
    );
  });

  it('the table is refreshed: a minute later the fox is protected, after one more read', async () => {
    const steps = await scenario();
    const last = steps[3];
    const problems = compareRows([{ zone: 'woods', status: 'protected', count: 1 }], last?.emitted ?? [], counts);
    if (last?.reads !== 2) problems.push(`reads of the database after batch 3 (100 s): expected 2 (one refresh), got ${last?.reads}`);
    assertNoProblems(
      problems,
      'batch 3, after the rangers made the fox protected and a minute passed',
      "staticTable(load, { name: 'species', refreshInterval: '1 minute' }) reloads the table once a minute of processing time",
    );
  });

  it('stateRowsTotal reads the state store size from the progress (one row per zone and status)', async () => {
    const steps = await scenario();
    const expected = [3, 3, 3, 4];
    const got = steps.map((s) => s.stateRows);
    assertNoProblems(
      got.every((n, i) => n === expected[i]) ? [] : [`state rows after batches 0..3: expected ${expected.join(', ')}, got ${got.join(', ')}`],
      'stateRowsTotal(query)',
      'query.lastProgress.stateOperators[0].numRowsTotal: the groups (zone, status) the aggregation keeps',
    );
  });
});
