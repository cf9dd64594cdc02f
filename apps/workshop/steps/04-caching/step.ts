/**
 * Bonus 4 live: the rangers' database changes while the query runs (the fox is protected from the
 * second minute on, the deer watched from the third), and the query sees it only when its cached
 * table is refreshed, once a minute. The log says when the table is loaded and how many rows the
 * state store holds.
 */
import '@streamlab/kafka';
import { readStream } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { bootstrapServers, feedSightings, fromJson, SightingSchema, type Sighting } from '../../src/sightings.js';
import { defineStep } from '../../src/step.js';
import type { Species } from './solution.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Caching and persistence',
  chapter: '5. Caching / persistence',
  minutes: 30,
  kind: 'bonus',
  async run(impl, ctx) {
    const topic = ctx.topic('sightings');
    await ctx.kafka.admin.createTopics([{ topic, partitions: 3 }]);
    const feeding = new AbortController();
    ctx.signal.addEventListener('abort', () => feeding.abort(), { once: true });
    const feed = feedSightings(ctx.kafka, topic, { ratePerSec: 3, signal: feeding.signal });

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
    const query = impl
      .countsPerZoneAndStatus(impl.withStatus(sightings, impl.speciesTable(load)))
      .writeStream.outputMode('update')
      .queryName(ctx.topic('zone-status-counts'))
      .trigger({ processingTime: '5 seconds' })
      .sink(ctx.output('zone-status-counts', 'update'))
      .session(ctx.session)
      .start();
    const report = query.on('progress', (p) => ctx.logger.info({ batchId: p.batchId, stateRows: impl.stateRowsTotal(query) }, 'state store'));
    return {
      queries: [query],
      stop: async () => {
        report();
        feeding.abort();
        await feed;
      },
    };
  },
});
