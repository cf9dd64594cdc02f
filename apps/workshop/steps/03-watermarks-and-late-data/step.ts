/**
 * Exercise 3 live: the simulator delivers 8% of the sightings 10 to 25 minutes late (the
 * watermark delay is 10), as a camera that lost its network for a while would. Two outputs: the sliding
 * counts (update mode), and the late sink, one line per (sighting, window) the watermark dropped.
 */
import '@streamlab/kafka';
import { type LateRecord, readStream, type Sink } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { bootstrapServers, feedSightings, fromJson, SightingSchema, type Sighting } from '../../src/sightings.js';
import { defineStep } from '../../src/step.js';

/** A late record as one flat console row: which sighting, which window it missed, how late. */
type LateRow = { id: string; animal: string; ts: string; window: { start: number; end: number } | null; watermark: string; lateBySec: number };

const LATE_COLUMNS = ['id', 'animal', 'ts', 'window', 'watermark', 'lateBySec'] as const;

function lateRows(out: Sink<LateRow>): Sink<LateRecord<Sighting>> {
  return {
    description: out.description,
    open: (ctx) => out.open?.(ctx),
    addBatch: (records, info) =>
      out.addBatch(
        records.map((l) => ({
          id: l.row.id,
          animal: l.row.animal,
          ts: l.row.ts.slice(11, 19),
          window: l.window ?? null,
          watermark: new Date(l.watermarkMs).toISOString().slice(11, 19),
          lateBySec: Math.round(l.lateByMs / 1000),
        })),
        // The batch info describes the query's result rows; these rows have their own columns.
        { ...info, outputMode: 'append', columns: LATE_COLUMNS, keyFields: [] },
      ),
    close: () => out.close?.(),
  };
}

export default defineStep<typeof import('./solution.js')>({
  title: 'Watermarks and late data',
  chapter: '3. Windowing (watermarks, late data)',
  minutes: 40,
  kind: 'exercise',
  async run(impl, ctx) {
    const topic = ctx.topic('sightings');
    await ctx.kafka.admin.createTopics([{ topic, partitions: 3 }]);
    const feeding = new AbortController();
    ctx.signal.addEventListener('abort', () => feeding.abort(), { once: true });
    const feed = feedSightings(ctx.kafka, topic, {
      ratePerSec: 4,
      disorder: { late: 0.08, lateDelayMs: 600_000, lateSpreadMs: 900_000 },
      signal: feeding.signal,
    });
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
      .slidingCounts(sightings, lateRows(ctx.output<LateRow>('late-sightings', 'append')))
      .writeStream.outputMode('update')
      .queryName(ctx.topic('sliding-counts'))
      .trigger({ processingTime: '2 seconds' })
      .sink(ctx.output('sliding-counts', 'update'))
      .session(ctx.session)
      .start();
    const report = query.on('progress', () =>
      ctx.logger.info({ droppedByWatermark: impl.droppedByWatermark(query) }, 'late (window, animal) groups dropped so far'),
    );
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
