/**
 * Exercise 1 live: the simulator feeds `sightings`; your two writers fill `rare-sightings` (the
 * topic option) and `zone-<zone>` (the topic column). Two more queries read those topics back, so
 * the console shows what really landed in Kafka.
 */
import { readStream } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { startLiveRun } from '../../src/live-run.js';
import { ZONES } from '../../src/sightings.js';
import { defineStep } from '../../src/step.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Kafka connectors',
  chapter: '4. Kafka connectors',
  minutes: 30,
  kind: 'exercise',
  async run(impl, ctx) {
    const zoneTopics = Object.fromEntries(Object.keys(ZONES).map((z) => [`zone-${z}`, 1]));
    const live = await startLiveRun(ctx, { feed: { ratePerSec: 5 }, topics: { 'rare-sightings': 1, ...zoneTopics } });
    const { servers } = live;
    const rare = live.topic('rare-sightings');
    const zonePrefix = live.topic('zone-');

    const sightings = impl.parseSightings(impl.castKeyValue(impl.readSightings(servers, live.input)));
    const toRare = live.start(impl.writeToTopic(impl.rareSightings(sightings), servers, rare, 'memory:workshop-01-rare'), 'rare-to-kafka');
    const toZones = live.start(impl.writeToRowTopics(impl.routeByZone(sightings, zonePrefix), servers, 'memory:workshop-01-zones'), 'zones-to-kafka');

    // Read back what the writers wrote: the rare topic as text, and a running count per zone topic.
    const kafkaIn = readStream.format('kafka').option('kafka.bootstrap.servers', servers).option('startingOffsets', 'earliest');
    const rareBack = impl.castKeyValue(kafkaIn.option('subscribe', rare).load<KafkaRow>());
    const zonesBack = kafkaIn
      .option('subscribePattern', `${zonePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*`)
      .load<KafkaRow>()
      .map((r) => ({ topic: r.topic }))
      .groupBy('topic')
      .count();
    return live.running([
      toRare,
      toZones,
      live.show(rareBack, 'rare-sightings', 'append', '3 seconds'),
      live.show(zonesBack, 'zone-topics', 'complete', '3 seconds'),
    ]);
  },
});
