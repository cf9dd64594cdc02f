/**
 * Example 1 live: the simulator feeds `sightings` (12 cameras, a minute of park time per second),
 * the query prints the running count per animal in Spark's console format every 2 seconds.
 */
import { defineStep } from '../../src/step.js';
import { bootstrapServers, feedSightings } from '../../src/sightings.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Example 1: running count per animal',
  chapter: '1. Introduction (micro-batches)',
  minutes: 15,
  kind: 'example',
  async run(impl, ctx) {
    const topic = ctx.topic('sightings');
    await ctx.kafka.admin.createTopics([{ topic, partitions: 3 }]);
    const feeding = new AbortController();
    ctx.signal.addEventListener('abort', () => feeding.abort(), { once: true });
    const feed = feedSightings(ctx.kafka, topic, { ratePerSec: 5, signal: feeding.signal });
    const query = impl
      .countPerAnimal(impl.parse(impl.readSightings(bootstrapServers(ctx.kafka), topic)))
      .writeStream.outputMode(impl.outputMode)
      .queryName(ctx.topic('animal-counts'))
      .trigger({ processingTime: '2 seconds' }) // one micro-batch every 2 s: a few sightings each
      .sink(ctx.output('animal-counts', impl.outputMode))
      .session(ctx.session)
      .start();
    return {
      queries: [query],
      stop: async () => {
        feeding.abort();
        await feed;
      },
    };
  },
});
