/** `readStream.format('kafka')` / `writeStream.format('kafka')` end to end on the embedded broker. */
import { randomUUID } from 'node:crypto';
import { readStream, registeredFormats, StreamingSession, type StreamlabError, type Logger } from '@streamlab/core';
import { ManualClock } from '@streamlab/core/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEmbeddedKafka } from './embedded/embedded-client.js';
import { kafkaSinkFromOptions, kafkaSourceFromOptions } from './index.js';
import type { KafkaRow } from './source/kafka-source.js';

const silent = pino({ level: 'silent' }) as unknown as Logger;

function thrown(fn: () => unknown): StreamlabError {
  try {
    fn();
  } catch (e) {
    return e as StreamlabError;
  }
  throw new Error('expected an error');
}

describe("format('kafka')", () => {
  it('is registered for sources and sinks when @streamlab/kafka is imported', () => {
    expect(registeredFormats('source')).toContain('kafka');
    expect(registeredFormats('sink')).toContain('kafka');
  });

  it('reads a topic, counts per key and writes the counts to a topic, through format names only', async () => {
    const id = randomUUID().slice(0, 8);
    const [input, output] = [`fmt-in-${id}`, `fmt-out-${id}`];
    const kafka = createEmbeddedKafka(); // the process-wide embedded broker, which '' bootstrap servers select
    await kafka.admin.createTopics([
      { topic: input, partitions: 2 },
      { topic: output, partitions: 1 },
    ]);
    await kafka.producer().send(['c1', 'c2', 'c1', 'c1'].map((card, i) => ({ topic: input, key: card, value: JSON.stringify({ card, amount: i }) })));

    const session = new StreamingSession({ clock: new ManualClock(0), logger: silent });
    const counts = session.readStream
      .format('kafka')
      .options({ 'kafka.bootstrap.servers': '', subscribe: input, startingOffsets: 'earliest', maxOffsetsPerTrigger: '100' })
      .load<KafkaRow>()
      .map((r) => JSON.parse(r.value!.toString()) as { card: string; amount: number })
      .groupBy('card')
      .count();
    const writer = counts
      .map((r) => ({ key: r.card, value: { card: r.card, n: r.count } }))
      .writeStream.outputMode('update')
      .format('kafka')
      .option('kafka.bootstrap.servers', '')
      .option('topic', output)
      .queryName(`fmt-${id}`)
      .session(session)
      .start();
    await writer.processAllAvailable();
    expect(writer.lastProgress?.sources[0]?.description).toBe(`KafkaV2[Subscribe[${input}]]`);
    expect(writer.lastProgress?.sink.description).toBe(`KafkaSink[${output}, at-least-once]`);
    await writer.stop();

    const check = readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', '')
      .option('subscribe', output)
      .option('startingOffsets', 'earliest')
      .load<KafkaRow>()
      .map((r) => ({ key: r.key?.toString(), value: JSON.parse(r.value!.toString()) as unknown }))
      .writeStream.format('memory')
      .queryName(`fmt-check-${id}`)
      .session(session)
      .start();
    await check.processAllAvailable();
    await check.stop();
    const rows = session.table<{ key: string; value: { card: string; n: number } }>(`fmt-check-${id}`);
    expect(rows.map((r) => r.key).sort()).toEqual(['c1', 'c2']);
    expect(Object.fromEntries(rows.map((r) => [r.value.card, r.value.n]))).toEqual({ c1: 3, c2: 1 });
  });

  it("maps Spark's option names: kafka.group.id, booleans and numbers as strings", () => {
    const source = kafkaSourceFromOptions({ 'kafka.bootstrap.servers': '', subscribePattern: 'fmt-.*', failOnDataLoss: 'false', includeHeaders: true });
    expect(source.description).toBe('KafkaV2[SubscribePattern[^(?:fmt-.*)$]]');
    const sink = kafkaSinkFromOptions({ 'kafka.bootstrap.servers': '', topic: 'alerts', guarantee: 'exactly-once', newTopicPartitions: '3' });
    expect(sink.description).toBe('KafkaSink[alerts, exactly-once]');
    // The producer's request size, by the Java producer's name as Spark passes it.
    const tuned = kafkaSinkFromOptions({ topic: 'alerts', 'kafka.batch.size': '16384' });
    expect(tuned['opts']).toMatchObject({ 'kafka.batch.size': 16384 });
    expect(thrown(() => kafkaSinkFromOptions({ topic: 'alerts', 'kafka.batch.size': '0' })).code).toBe('KAFKA_BAD_SINK_OPTION');
  });

  it('refuses unknown or invalid options with the accepted names', () => {
    const typo = thrown(() => readStream.format('kafka').option('subscibe', 'tx').load());
    expect(typo.code).toBe('KAFKA_BAD_SOURCE_OPTION');
    expect(typo.message).toContain('subscibe');
    expect(typo.hint).toContain('subscribe');
    const badNumber = thrown(() => kafkaSinkFromOptions({ topic: 'x', maxAttempts: 'many' }));
    expect(badNumber.code).toBe('KAFKA_BAD_SINK_OPTION');
    expect(badNumber.value).toBe('many');
    const none = thrown(() => kafkaSourceFromOptions({ 'kafka.bootstrap.servers': '' }));
    expect(none.code).toBe('KAFKA_BAD_SOURCE_OPTION');
  });
});
