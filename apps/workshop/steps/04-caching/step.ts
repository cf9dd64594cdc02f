/**
 * Bonus 4 live: the rangers' database changes while the query runs (the fox is protected from the
 * second minute on, the deer watched from the third), and the query sees it only when its cached
 * table is refreshed, once a minute. The log says when the table is loaded and how many rows the
 * state store holds.
 */
import { startLiveRun } from '../../src/live-run.js';
import { defineStep } from '../../src/step.js';
import type { Species } from './solution.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Caching and persistence',
  chapter: '5. Caching / persistence',
  minutes: 30,
  kind: 'bonus',
  async run(impl, ctx) {
    const live = await startLiveRun(ctx, { feed: { ratePerSec: 3 } });

    // The rangers' database: what it answers depends on how long the run has been going.
    const clock = ctx.session.clock;
    const started = clock.now();
    let reads = 0;
    const load = async (): Promise<Species[]> => {
      const minute = Math.floor((clock.now() - started) / 60_000);
      reads += 1;
      const rows: Species[] = [
        { animal: 'dog', status: 'common' },
        { animal: 'cat', status: 'common' },
        { animal: 'heron', status: 'protected' },
        { animal: 'fox', status: minute >= 1 ? 'protected' : 'watch' },
        ...(minute >= 2 ? [{ animal: 'deer', status: 'watch' as const }] : []),
      ];
      ctx.logger.info(
        { read: reads, minute, fox: rows[3]!.status, deer: minute >= 2 ? 'watch' : 'not listed' },
        'species table loaded from the rangers database',
      );
      return rows;
    };

    const counts = impl.countsPerZoneAndStatus(impl.withStatus(live.sightings(), impl.speciesTable(load)));
    const query = live.show(counts, 'zone-status-counts', 'update', '5 seconds');
    const report = query.on('progress', (p) => ctx.logger.info({ batchId: p.batchId, stateRows: impl.stateRowsTotal(query) }, 'state store'));
    return live.running([query], report);
  },
});
