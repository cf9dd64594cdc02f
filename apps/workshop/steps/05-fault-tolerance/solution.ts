/**
 * Bonus 5, fault tolerance: a windowed count from Kafka to Kafka that survives being killed. The
 * checkpoint makes the restarted query replay exactly the batch it was in; the exactly-once Kafka
 * sink makes that replay invisible to `read_committed` consumers.
 */
import '@streamlab/kafka';
import { type DataStreamWriter, readStream, type Stream, type Window, window } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { fromJson, SightingSchema, type Sighting } from '../../src/sightings.js';

export type WindowCount = { window: Window; animal: string; count: number };
export type KafkaOut = { key: string; value: string };

/** Exercises 1 and 2, given: the sightings of a topic, and their 10-minute window counts. */
export function sightingsOf(servers: string, topic: string): Stream<Sighting> {
  return readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', servers)
    .option('subscribe', topic)
    .option('startingOffsets', 'earliest')
    .load<KafkaRow>()
    .flatMap((r): Sighting[] => {
      const s = fromJson(SightingSchema, r.value === null ? null : r.value.toString('utf8'));
      return s === null ? [] : [s];
    });
}

export function windowCounts(sightings: Stream<Sighting>): Stream<WindowCount> {
  return sightings.withWatermark('ts', '5 minutes').groupBy(window('ts', '10 minutes'), 'animal').count();
}

/** One record per final window count: key `<animal>@<window start>`, value the row as JSON. */
export function toRecords(counts: Stream<WindowCount>): Stream<KafkaOut> {
  return counts.map((c) => ({ key: `${c.animal}@${new Date(c.window.start).toISOString()}`, value: JSON.stringify(c) }));
}

/**
 * The writer that makes the output exactly once:
 * - `append`: each window's count is written once, final, when the watermark closes it, so a
 *   duplicate in the output is a real duplicate, never an update;
 * - `checkpointLocation`: offsets, watermark and state survive the process; a restart replays the
 *   last planned batch with the same offsets, hence the same rows and batch id;
 * - `guarantee: exactly-once`: each batch is one Kafka transaction holding its records and its
 *   batch id; a replayed batch that already committed is skipped (Spark's own Kafka sink is
 *   at-least-once: the replay would write the records again).
 */
export function writeExactlyOnce(records: Stream<KafkaOut>, servers: string, topic: string, checkpointDir: string): DataStreamWriter<KafkaOut> {
  return records.writeStream
    .outputMode('append')
    .format('kafka')
    .option('kafka.bootstrap.servers', servers)
    .option('topic', topic)
    .option('guarantee', 'exactly-once')
    .option('checkpointLocation', checkpointDir);
}

/** The whole query, not started (the caller names it and starts it, and restarts it after a crash). */
export function pipeline(servers: string, input: string, output: string, checkpointDir: string): DataStreamWriter<KafkaOut> {
  return writeExactlyOnce(toRecords(windowCounts(sightingsOf(servers, input))), servers, output, checkpointDir);
}
