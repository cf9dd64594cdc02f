/**
 * Your turn: fill in the TODOs, top to bottom. `npm run workshop -- verify 1` checks each function
 * on its own first, then the whole pipeline through Kafka; `npm run workshop -- run 1` runs it live.
 *
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
  // TODO: the options: kafka.bootstrap.servers (servers), subscribe (topic), and startingOffsets
  // 'earliest' (Spark's default, 'latest', would skip what is already on the topic).
  void servers;
  void topic;
  return readStream.format('kafka').load<KafkaRow>();
}

/** `selectExpr("CAST(key AS STRING)", "CAST(value AS STRING)")`: bytes to UTF-8 text; null stays null. */
export function castKeyValue(raw: Stream<KafkaRow>): Stream<KeyValue> {
  // TODO: key and value are Buffers (or null): turn them into UTF-8 strings, keeping null as null.
  return raw.map((): KeyValue => ({ key: null, value: null }));
}

/** `select(from_json($"value", schema).as("s")).select("s.*")`, dropping values that are not sightings. */
export function parseSightings(records: Stream<KeyValue>): Stream<Sighting> {
  // TODO: fromJson(SightingSchema, r.value) gives a Sighting, or null for anything else: keep the sightings.
  void fromJson;
  void SightingSchema;
  return records.flatMap((): Sighting[] => []);
}

/**
 * Filter and project: confident sightings (>= 0.8) of rare animals, as
 * `selectExpr("animal AS key", "to_json(struct(id, ts, zone, camera)) AS value")`.
 */
export function rareSightings(sightings: Stream<Sighting>): Stream<KafkaOut> {
  // TODO: filter: an animal in RARE, seen with confidence >= 0.8.
  // TODO: value: JSON.stringify({ id, ts, zone, camera }) of the sighting.
  return sightings.map((s) => ({ key: s.animal, value: '' }));
}

/** Sink form 1: every row to the topic of the `topic` option. Not started: the caller names and starts it. */
export function writeToTopic(rows: Stream<KafkaOut>, servers: string, topic: string, checkpointLocation: string): DataStreamWriter<KafkaOut> {
  // TODO: the sink's options: kafka.bootstrap.servers (servers) and topic (topic).
  void servers;
  void topic;
  return rows.writeStream.format('kafka').option('checkpointLocation', checkpointLocation); // Spark requires one for the Kafka sink
}

/**
 * Sink form 2, the projection: each sighting to its zone's topic (`<prefix><zone>`, e.g.
 * `zone-woods`), keyed by camera, the whole sighting as JSON:
 * `selectExpr("concat('zone-', zone) AS topic", "camera AS key", "to_json(struct(*)) AS value")`.
 */
export function routeByZone(sightings: Stream<Sighting>, prefix: string): Stream<RoutedOut> {
  // TODO: topic: the prefix then the zone; key: the camera; value: the whole sighting as JSON.
  return sightings.map((s) => ({ topic: prefix, key: s.camera, value: '' }));
}

/** Sink form 2, the writer: no `topic` option, so each row's `topic` column decides. */
export function writeToRowTopics(rows: Stream<RoutedOut>, servers: string, checkpointLocation: string): DataStreamWriter<RoutedOut> {
  // TODO: format('kafka') with kafka.bootstrap.servers (servers), and no topic option.
  void servers;
  return rows.writeStream.option('checkpointLocation', checkpointLocation);
}
