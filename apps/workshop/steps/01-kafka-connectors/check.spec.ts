/**
 * Checks of Exercise 1: each piece on memory input first (cast, parse, filter and project), then the
 * whole pipeline from a topic of the embedded broker to Kafka, with both sink forms.
 */
import { MemoryStream, StreamingSession, type DataStreamWriter } from '@streamlab/core';
import { ManualClock } from '@streamlab/core/testing';
import { createEmbeddedKafka, type KafkaRow } from '@streamlab/kafka';
import { afterAll, describe, it } from 'vitest';
import { assertNoProblems, atMs, checkFailed, compareRows, implementation, kafkaRow, QueryDriver, readTopic, sighting, uniqueTopic } from '../../src/checks.js';
import { ZONES, type Sighting } from '../../src/sightings.js';

const impl = await implementation<typeof import('./solution.js')>(import.meta.url);
const kafka = createEmbeddedKafka(); // the process's embedded broker: what kafka.bootstrap.servers '' reaches
afterAll(() => kafka.close());

const input: Sighting[] = [
  sighting('s-1', '12:01', 'dog', { confidence: 0.95 }),
  sighting('s-2', '12:01', 'fox', { zone: 'woods', camera: 'cam-03', confidence: 0.91 }),
  sighting('s-3', '12:02', 'fox', { zone: 'woods', camera: 'cam-07', confidence: 0.62 }), // not sure enough
  sighting('s-4', '12:03', 'heron', { zone: 'pond', camera: 'cam-02', confidence: 0.8 }), // exactly 0.8: kept
  sighting('s-5', '12:03', 'cat', { zone: 'gate', camera: 'cam-04', confidence: 0.99 }),
  sighting('s-6', '12:04', 'deer', { zone: 'meadow', camera: 'cam-01', confidence: 0.88 }),
];
/** What the rare-sightings topic should hold: key = animal, value = {id, ts, zone, camera} as JSON. */
const rare = input
  .filter((s) => ['s-2', 's-4', 's-6'].includes(s.id))
  .map((s) => ({ key: s.animal, value: { id: s.id, ts: s.ts, zone: s.zone, camera: s.camera } }));

const byId = { name: (s: Sighting) => `sighting ${JSON.stringify(s)}` };
type Out = { key: string | null; value: unknown };
const outRows = { name: (r: Out) => `record key ${JSON.stringify(r.key)}, value ${JSON.stringify(r.value)}` };

/** A JSON value parsed for comparison (key order does not matter); text that is not JSON stays text. */
function jsonOf(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts a learner's Kafka writer on a manual clock, lets it process everything, stops it. A writer
 * that does not start (no sink: no `format('kafka')`) or a query that fails says so with `hint`.
 */
async function runWriter<T>(build: () => DataStreamWriter<T>, name: string, hint: string): Promise<void> {
  let query: ReturnType<DataStreamWriter<T>['start']>;
  try {
    // Built here too: a reader or writer missing an option throws as it is built (load(), format()).
    query = build()
      .queryName(name)
      .session(new StreamingSession({ clock: new ManualClock(atMs('12:05')) }))
      .start();
  } catch (e) {
    throw checkFailed(`the query ${name} does not start: ${(e as Error).message}`, hint);
  }
  await query.processAllAvailable().catch(() => undefined);
  const failed = query.exception;
  await query.stop();
  if (failed) throw checkFailed(`the query ${name} failed: ${failed.message}`, hint);
}

async function inputTopic(): Promise<string> {
  const topic = uniqueTopic('sightings');
  await kafka.admin.createTopics([{ topic, partitions: 3 }]);
  await kafka.producer().send(input.map((s) => ({ topic, key: s.camera, value: JSON.stringify(s) })));
  return topic;
}

const WRITE_TO_TOPIC =
  "readStream.format('kafka') with kafka.bootstrap.servers, subscribe and startingOffsets 'earliest'; writeStream.format('kafka') with kafka.bootstrap.servers and topic";
const ROUTE_BY_ZONE =
  "each row is { topic: prefix + zone, key: camera, value: JSON.stringify(sighting) }; the writer is writeStream.format('kafka') with kafka.bootstrap.servers and no topic option";

describe('Exercise 1: Kafka connectors', () => {
  it('castKeyValue: CAST(key AS STRING), CAST(value AS STRING), null stays null', async () => {
    const raw = new MemoryStream<KafkaRow>({ name: 'raw' });
    const d = QueryDriver.start(impl.castKeyValue(raw.toStream()), 'append');
    const rows = await d.step(() => raw.addData([kafkaRow('{"a":1}', 'cam-01'), kafkaRow('ünïcode 🦊', null), kafkaRow(null, 'cam-09')]));
    await d.stop();
    assertNoProblems(
      compareRows(
        [
          { key: 'cam-01', value: '{"a":1}' },
          { key: null, value: 'ünïcode 🦊' },
          { key: 'cam-09', value: null },
        ],
        rows,
        { name: (r) => `record key ${JSON.stringify(r.key)}, value ${JSON.stringify(r.value)}` },
      ),
      'castKeyValue on three records (a null key, a null value, UTF-8 text)',
      "decode the bytes as UTF-8 (buffer.toString('utf8')); keep a null key or value null",
    );
  });

  it('parseSightings: from_json, dropping values that are not sightings', async () => {
    const kv = new MemoryStream<{ key: string | null; value: string | null }>({ name: 'kv' });
    const d = QueryDriver.start(impl.parseSightings(kv.toStream()), 'append');
    const rows = await d.step(() =>
      kv.addData([
        { key: 'cam-01', value: JSON.stringify(input[0]) },
        { key: 'cam-01', value: 'not json' },
        { key: 'cam-01', value: '{"id":"s-9","animal":"dog"}' }, // no ts, camera, zone, confidence
        { key: 'cam-03', value: null },
        { key: 'cam-03', value: JSON.stringify(input[1]) },
      ]),
    );
    await d.stop();
    assertNoProblems(
      compareRows(input.slice(0, 2), rows, byId),
      'parseSightings on 2 sightings, a value that is not JSON, one missing fields and a null value',
      'use fromJson(SightingSchema, value): it returns null for anything that is not a sighting; keep only the non-null ones',
    );
  });

  it('rareSightings: filter (rare animals, confidence >= 0.8) and project (key = animal, value = {id, ts, zone, camera} as JSON)', async () => {
    const s = new MemoryStream<Sighting>({ name: 's' });
    const d = QueryDriver.start(impl.rareSightings(s.toStream()), 'append');
    const rows = await d.step(() => s.addData(input));
    await d.stop();
    assertNoProblems(
      compareRows(
        rare,
        rows.map((r) => ({ key: r.key, value: jsonOf(r.value) })),
        outRows,
      ),
      'rareSightings on 6 sightings (a dog, a sure fox, an unsure fox, a heron at exactly 0.8, a cat, a deer)',
      'keep animals in RARE with confidence >= 0.8; value is JSON.stringify({ id, ts, zone, camera })',
    );
  });

  it('sink form 1: the whole pipeline from a Kafka topic to the topic named in the `topic` option', async () => {
    const from = await inputTopic();
    const to = uniqueTopic('rare-sightings');
    await runWriter(
      () => impl.writeToTopic(impl.rareSightings(impl.parseSightings(impl.castKeyValue(impl.readSightings('', from)))), '', to, 'memory:ex1-fixed'),
      'rare-to-topic',
      WRITE_TO_TOPIC,
    );
    const written = await readTopic(kafka, to);
    assertNoProblems(
      compareRows(
        rare,
        written.map((r) => ({ key: r.key, value: jsonOf(r.value) })),
        outRows,
      ),
      `topic ${to} after the query read ${from} (6 sightings)`,
      WRITE_TO_TOPIC,
    );
  });

  it('sink form 2: each sighting to the topic in its `topic` column (zone-<zone>), no topic option', async () => {
    const from = await inputTopic();
    const prefix = `${uniqueTopic('ex1')}-zone-`;
    await runWriter(
      () => impl.writeToRowTopics(impl.routeByZone(impl.parseSightings(impl.castKeyValue(impl.readSightings('', from))), prefix), '', 'memory:ex1-routed'),
      'route-by-zone',
      ROUTE_BY_ZONE,
    );
    const problems: string[] = [];
    for (const zone of Object.keys(ZONES)) {
      const topic = `${prefix}${zone}`;
      const expected = input.filter((s) => s.zone === zone).map((s) => ({ key: s.camera, value: s as unknown }));
      const got = (await readTopic(kafka, topic)).map((r) => ({ key: r.key, value: jsonOf(r.value) }));
      problems.push(...compareRows(expected, got, outRows).map((p) => `topic ${topic}: ${p}`));
    }
    assertNoProblems(problems, `the zone topics ${prefix}<zone> after the query read ${from}`, ROUTE_BY_ZONE);
  });
});
