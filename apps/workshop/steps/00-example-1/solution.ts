/**
 * Example 1: a running count of animals seen by the park's cameras, read from Kafka.
 * Kafka topic (JSON sightings) → parse → groupBy(animal).count() → console, complete mode.
 */
import '@streamlab/kafka'; // registers readStream.format('kafka')
import { readStream, type OutputMode, type Stream } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { fromJson, SightingSchema, type Sighting } from '../../src/sightings.js';

/** `spark.readStream.format("kafka").option("kafka.bootstrap.servers", …).option("subscribe", topic).load()` */
export function readSightings(servers: string, topic: string): Stream<KafkaRow> {
  return readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', servers)
    .option('subscribe', topic)
    .option('startingOffsets', 'earliest') // the example replays the topic from its start
    .load<KafkaRow>();
}

/** `CAST(value AS STRING)` then `from_json(…, schema)`; records that do not parse are dropped, not fatal. */
export function parse(raw: Stream<KafkaRow>): Stream<Sighting> {
  return raw.flatMap((record) => {
    const sighting = fromJson(SightingSchema, record.value === null ? null : record.value.toString('utf8'));
    return sighting === null ? [] : [sighting];
  });
}

/** `sightings.groupBy("animal").count()`: one running total per animal, kept in the state store. */
export function countPerAnimal(sightings: Stream<Sighting>): Stream<{ animal: string; count: number }> {
  return sightings.groupBy('animal').count();
}

/** Complete mode: every batch prints the whole result table, as the course's word count does. */
export const outputMode: OutputMode = 'complete';

/**
 * Your prediction (README, step 4): the table the console prints after each of the three
 * micro-batches, as `{ animal: count }`.
 */
export const predictedTables: Record<string, number>[] = [
  { dog: 2, cat: 1 },
  { dog: 3, cat: 1 },
  { dog: 3, cat: 2, heron: 1 },
];
