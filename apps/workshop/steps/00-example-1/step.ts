/**
 * Example 1 live: the simulator feeds `sightings` (12 cameras, a minute of park time per second),
 * the query prints the running count per animal in Spark's console format every 2 seconds.
 */
import { startLiveRun } from '../../src/live-run.js';
import { defineStep } from '../../src/step.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Example 1: running count per animal',
  chapter: '1. Introduction (micro-batches)',
  minutes: 15,
  kind: 'example',
  async run(impl, ctx) {
    const live = await startLiveRun(ctx, { feed: { ratePerSec: 5 } });
    const counts = impl.countPerAnimal(impl.parse(impl.readSightings(live.servers, live.input)));
    // one micro-batch every 2 s: a few sightings each
    return live.running([live.show(counts, 'animal-counts', impl.outputMode, '2 seconds')]);
  },
});
