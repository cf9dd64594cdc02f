/**
 * Exercise 1, Kafka connectors: read a topic, cast and parse, filter and project, write to Kafka,
 * to a fixed topic and to the topic named in each row.
 */
import '@streamlab/kafka'; // registers format('kafka') for readStream and writeStream
import { readStream, type DataStreamWriter, type Stream } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { fromJson, SightingSchema, type Sighting } from '../../src/sightings.js';

/** A Kafka record's key and value as text: `CAST(key AS STRING), CAST(value AS STRING)`. */
export interface KeyValue {
  key: string | null;
  value: string | null;
}

/** A record for the Kafka sink: Spark's `key` and `value` columns (and `topic`, when the row names it). */
export interface KafkaOut {
  key: string;
  value: string;
}
export interface RoutedOut extends KafkaOut {
  topic: string;
}

/** Animals worth an alert: everything but the dogs and cats that pass every camera all day. */
export const RARE = new Set(['fox', 'deer', 'heron']);

/** `spark.readStream.format("kafka").option("kafka.bootstrap.servers", …).option("subscribe", topic)` */
export function readSightings(servers: string, topic: string): Stream<KafkaRow> {
  return readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', servers)
    .option('subscribe', topic)
    .option('startingOffsets', 'earliest') // Spark's default is latest: we want the records already there
    .load<KafkaRow>();
}

/** `selectExpr("CAST(key AS STRING)", "CAST(value AS STRING)")`: bytes to UTF-8 text; null stays null. */
export function castKeyValue(raw: Stream<KafkaRow>): Stream<KeyValue> {
  return raw.map((r) => ({ key: r.key === null ? null : r.key.toString('utf8'), value: r.value === null ? null : r.value.toString('utf8') }));
}

/** `select(from_json($"value", schema).as("s")).select("s.*")`, dropping values that are not sightings. */
export function parseSightings(records: Stream<KeyValue>): Stream<Sighting> {
  return records.flatMap((r) => {
    const s = fromJson(SightingSchema, r.value);
    return s === null ? [] : [s];
  });
}

/**
 * Filter and project: confident sightings (>= 0.8) of rare animals, as
 * `selectExpr("animal AS key", "to_json(struct(id, ts, zone, camera)) AS value")`.
 */
export function rareSightings(sightings: Stream<Sighting>): Stream<KafkaOut> {
  return sightings
    .filter((s) => RARE.has(s.animal) && s.confidence >= 0.8)
    .map((s) => ({ key: s.animal, value: JSON.stringify({ id: s.id, ts: s.ts, zone: s.zone, camera: s.camera }) }));
}

/** Sink form 1: every row to the topic of the `topic` option. Not started: the caller names and starts it. */
export function writeToTopic(rows: Stream<KafkaOut>, servers: string, topic: string, checkpointLocation: string): DataStreamWriter<KafkaOut> {
  return rows.writeStream.format('kafka').option('kafka.bootstrap.servers', servers).option('topic', topic).option('checkpointLocation', checkpointLocation); // Spark requires one for the Kafka sink
}

/**
 * Sink form 2, the projection: each sighting to its zone's topic (`<prefix><zone>`, e.g.
 * `zone-woods`), keyed by camera, the whole sighting as JSON:
 * `selectExpr("concat('zone-', zone) AS topic", "camera AS key", "to_json(struct(*)) AS value")`.
 */
export function routeByZone(sightings: Stream<Sighting>, prefix: string): Stream<RoutedOut> {
  return sightings.map((s) => ({ topic: `${prefix}${s.zone}`, key: s.camera, value: JSON.stringify(s) }));
}

/** Sink form 2, the writer: no `topic` option, so each row's `topic` column decides. */
export function writeToRowTopics(rows: Stream<RoutedOut>, servers: string, checkpointLocation: string): DataStreamWriter<RoutedOut> {
  return rows.writeStream.format('kafka').option('kafka.bootstrap.servers', servers).option('checkpointLocation', checkpointLocation);
}
