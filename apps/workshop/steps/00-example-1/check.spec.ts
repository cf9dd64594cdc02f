/**
 * Checks of Example 1: the pipeline parses and counts (as given), reads a real topic of the embedded
 * broker, and your prediction of the three console tables matches what the query prints.
 */
import { MemoryStream } from '@streamlab/core';
import { createEmbeddedKafka, type KafkaRow } from '@streamlab/kafka';
import { afterAll, describe, it } from 'vitest';
import { assertNoProblems, checkFailed, compareRows, implementation, kafkaRow, QueryDriver, sighting, uniqueTopic } from '../../src/checks.js';
import type { Sighting } from '../../src/sightings.js';

const impl = await implementation<typeof import('./solution.js')>(import.meta.url);

type Count = { animal: string; count: number };
const counts = { name: (r: Count) => `animal ${r.animal}`, value: (r: Count) => r.count, valueName: 'count' };
const json = (s: Sighting) => JSON.stringify(s);

/** The three micro-batches of the README (step 4). */
const batches: Sighting[][] = [
  [sighting('s-1', '12:01', 'dog'), sighting('s-2', '12:01', 'cat'), sighting('s-3', '12:02', 'dog')],
  [sighting('s-4', '12:03', 'dog')],
  [sighting('s-5', '12:04', 'heron', { zone: 'pond' }), sighting('s-6', '12:04', 'cat')],
];

/** Runs parse → countPerAnimal on the README's batches; the tables the console sink would print. */
async function tables(): Promise<Count[][]> {
  const raw = new MemoryStream<KafkaRow>({ name: 'sightings' });
  let driver: QueryDriver<Count>;
  try {
    driver = QueryDriver.start(impl.countPerAnimal(impl.parse(raw.toStream())), impl.outputMode);
  } catch (e) {
    // The engine suggests a watermark for append mode; this example needs no watermark, only its mode back.
    throw checkFailed((e as Error).message, "this example prints the whole table every batch: outputMode is 'complete', as shipped");
  }
  try {
    const out: Count[][] = [];
    for (const batch of batches) out.push(await driver.step(() => raw.addData(batch.map((s) => kafkaRow(json(s), s.camera)))));
    return out;
  } finally {
    await driver.stop();
  }
}

describe('Example 1: running count per animal', () => {
  it('parse: CAST(value AS STRING) and from_json; a record that is not a sighting is dropped, not fatal', async () => {
    const raw = new MemoryStream<KafkaRow>({ name: 'raw' });
    const driver = QueryDriver.start(impl.parse(raw.toStream()), 'append');
    const good = [sighting('s-1', '12:01', 'dog'), sighting('s-2', '12:02', 'owl')];
    const rows = await driver.step(() => raw.addData([kafkaRow(json(good[0]!)), kafkaRow('{"animal": "dog"'), kafkaRow(null), kafkaRow(json(good[1]!))]));
    await driver.stop();
    assertNoProblems(
      compareRows(good, rows, { name: (s) => `sighting ${s.id}`, value: (s) => s, valueName: 'row' }),
      'parse() on 2 sightings, a truncated JSON value and a null value',
      'parse is given as shipped: CAST(value AS STRING), then fromJson(SightingSchema, …), which is null for a value that is not a sighting (flatMap to [] drops it); `npm run workshop -- reset 0` brings it back',
    );
  });

  it('countPerAnimal in complete mode prints the whole table every batch', async () => {
    const got = await tables();
    const expected: Count[][] = [
      [
        { animal: 'dog', count: 2 },
        { animal: 'cat', count: 1 },
      ],
      [
        { animal: 'dog', count: 3 },
        { animal: 'cat', count: 1 },
      ],
      [
        { animal: 'dog', count: 3 },
        { animal: 'cat', count: 2 },
        { animal: 'heron', count: 1 },
      ],
    ];
    for (let i = 0; i < expected.length; i++)
      assertNoProblems(
        compareRows(expected[i]!, got[i] ?? [], counts),
        `batch ${i} (${impl.outputMode} mode)`,
        "countPerAnimal is sightings.groupBy('animal').count() in 'complete' mode, as shipped: the whole table of running totals every batch",
      );
  });

  it('readSightings reads a Kafka topic (the embedded broker) from its start', async () => {
    const kafka = createEmbeddedKafka();
    afterAll(() => kafka.close());
    const topic = uniqueTopic('sightings');
    await kafka.admin.createTopics([{ topic, partitions: 3 }]);
    const sent = batches.flat();
    await kafka.producer().send(sent.map((s) => ({ topic, key: s.camera, value: json(s) })));
    // '' is the process's embedded broker: what the runner passes when KAFKA_BROKERS is not set.
    const driver = QueryDriver.start(impl.parse(impl.readSightings('', topic)), 'append');
    const rows = await driver.step();
    await driver.stop();
    assertNoProblems(
      compareRows(sent, rows, { name: (s) => `sighting ${s.id}`, value: (s) => s.animal, valueName: 'animal' }),
      `reading topic ${topic} (${sent.length} records in 3 partitions)`,
      "readStream.format('kafka') with kafka.bootstrap.servers, subscribe = the topic, and startingOffsets 'earliest' to read it from its start, as shipped",
    );
  });

  it('your prediction (predictedTables) matches what the console prints', async () => {
    const got = await tables();
    for (let i = 0; i < batches.length; i++) {
      const predicted = Object.entries(impl.predictedTables[i] ?? {}).map(([animal, count]) => ({ animal, count }));
      assertNoProblems(
        compareRows(got[i] ?? [], predicted, { ...counts, expected: 'the query printed', got: 'you predicted' }),
        `batch ${i}: your predictedTables[${i}] is not what the query prints`,
        'complete mode prints the whole result table every batch: the running totals since the query started, not only this batch',
      );
    }
  });
});
