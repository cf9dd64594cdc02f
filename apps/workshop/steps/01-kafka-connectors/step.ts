/**
 * Exercise 1 live: the simulator feeds `sightings`; your two writers fill `rare-sightings` (the
 * topic option) and `zone-<zone>` (the topic column). Two more queries read those topics back, so
 * the console shows what really landed in Kafka.
 */
import { readStream } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { bootstrapServers, feedSightings, ZONES } from '../../src/sightings.js';
import { defineStep } from '../../src/step.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Kafka connectors',
  chapter: '4. Kafka connectors',
  minutes: 30,
  kind: 'exercise',
  async run(impl, ctx) {
    const servers = bootstrapServers(ctx.kafka);
    const input = ctx.topic('sightings');
    const rare = ctx.topic('rare-sightings');
    const zonePrefix = ctx.topic('zone-');
    const zoneTopics = Object.keys(ZONES).map((z) => ({ topic: `${zonePrefix}${z}`, partitions: 1 }));
    await ctx.kafka.admin.createTopics([{ topic: input, partitions: 3 }, { topic: rare, partitions: 1 }, ...zoneTopics]);
    const feeding = new AbortController();
    ctx.signal.addEventListener('abort', () => feeding.abort(), { once: true });
    const feed = feedSightings(ctx.kafka, input, { ratePerSec: 5, signal: feeding.signal });

    const sightings = impl.parseSightings(impl.castKeyValue(impl.readSightings(servers, input)));
    const toRare = impl
      .writeToTopic(impl.rareSightings(sightings), servers, rare, 'memory:workshop-01-rare')
      .queryName(ctx.topic('rare-to-kafka'))
      .session(ctx.session)
      .start();
    const toZones = impl
      .writeToRowTopics(impl.routeByZone(sightings, zonePrefix), servers, 'memory:workshop-01-zones')
      .queryName(ctx.topic('zones-to-kafka'))
      .session(ctx.session)
      .start();

    // Read back what the writers wrote: the rare topic as text, and a running count per zone topic.
    const kafkaIn = readStream.format('kafka').option('kafka.bootstrap.servers', servers).option('startingOffsets', 'earliest');
    const showRare = impl
      .castKeyValue(kafkaIn.option('subscribe', rare).load<KafkaRow>())
      .writeStream.queryName(ctx.topic('rare-sightings'))
      .trigger({ processingTime: '3 seconds' })
      .sink(ctx.output('rare-sightings', 'append'))
      .session(ctx.session)
      .start();
    const showZones = kafkaIn
      .option('subscribePattern', `${zonePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*`)
      .load<KafkaRow>()
      .map((r) => ({ topic: r.topic }))
      .groupBy('topic')
      .count()
      .writeStream.outputMode('complete')
      .queryName(ctx.topic('zone-topics'))
      .trigger({ processingTime: '3 seconds' })
      .sink(ctx.output('zone-topics', 'complete'))
      .session(ctx.session)
      .start();
    return {
      queries: [toRare, toZones, showRare, showZones],
      stop: async () => {
        feeding.abort();
        await feed;
      },
    };
  },
});
