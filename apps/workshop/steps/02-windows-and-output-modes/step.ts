/**
 * Exercise 2 live: one window count, three queries (append, update, complete) side by side on the
 * same Kafka topic, so each batch shows what each mode emits. The park's time runs two minutes
 * per second: a 10-minute window closes every 5 seconds.
 */
import '@streamlab/kafka';
import { type OutputMode, readStream } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { bootstrapServers, feedSightings, fromJson, SightingSchema, type Sighting } from '../../src/sightings.js';
import { defineStep } from '../../src/step.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Windows and output modes',
  chapter: '2. Structured Streaming (output modes); 3. Windowing',
  minutes: 40,
  kind: 'exercise',
  async run(impl, ctx) {
    const topic = ctx.topic('sightings');
    await ctx.kafka.admin.createTopics([{ topic, partitions: 3 }]);
    const feeding = new AbortController();
    ctx.signal.addEventListener('abort', () => feeding.abort(), { once: true });
    const feed = feedSightings(ctx.kafka, topic, { ratePerSec: 3, speed: 120, signal: feeding.signal });
    // Exercise 1's reader, given here: this step is about what comes after it.
    const sightings = readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', bootstrapServers(ctx.kafka))
      .option('subscribe', topic)
      .option('startingOffsets', 'earliest')
      .load<KafkaRow>()
      .flatMap((r): Sighting[] => {
        const s = fromJson(SightingSchema, r.value === null ? null : r.value.toString('utf8'));
        return s === null ? [] : [s];
      });
    const start = (mode: OutputMode) =>
      impl
        .countsPerWindow(sightings)
        .writeStream.outputMode(mode)
        .queryName(ctx.topic(`counts-${mode}`))
        .trigger({ processingTime: '5 seconds' })
        .sink(ctx.output(`counts-${mode}`, mode))
        .session(ctx.session)
        .start();
    return {
      queries: [start('append'), start('update'), start('complete')],
      stop: async () => {
        feeding.abort();
        await feed;
      },
    };
  },
});
