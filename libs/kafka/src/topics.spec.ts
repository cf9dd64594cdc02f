import { describe, expect, it } from 'vitest';
import { createEmbeddedKafka } from './embedded/embedded-client.js';
import { EmbeddedBroker } from './embedded/embedded-broker.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './record-size.js';
import { DLQ_HEADER_ROOM } from './source/dead-letter.js';
import { boundedRetention, deadLetterTopic, endOffsets, ensureTopics } from './topics.js';

describe('topics', () => {
  it('creates the missing topics and dead-letter topics, leaves existing ones alone, and gives their current end as starting offsets', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    try {
      await kafka.admin.createTopics([{ topic: 'tx', partitions: 2 }]);
      await kafka.producer().send([
        { topic: 'tx', partition: 1, value: '{}' },
        { topic: 'tx', partition: 1, value: '{}' },
      ]);
      await ensureTopics(kafka, [{ topic: 'tx', deadLetters: true }, { topic: 'alerts' }]);
      expect(await kafka.admin.listTopics()).toEqual(['alerts', 'tx', 'tx-dlq']);
      expect(await kafka.admin.partitions('tx')).toEqual([0, 1]);
      expect(await kafka.admin.partitions('tx-dlq')).toEqual([0]);
      expect(await kafka.admin.partitions('alerts')).toEqual([0, 1, 2]);
      expect(await endOffsets(kafka, 'tx')).toEqual({ tx: { '0': 0, '1': 2 } });
      await ensureTopics(kafka, [
        { topic: 'alerts', partitions: 5 },
        { topic: 'readings', partitions: 2 },
      ]);
      expect(await kafka.admin.partitions('alerts')).toEqual([0, 1, 2]);
      expect(await kafka.admin.partitions('readings')).toEqual([0, 1]);
    } finally {
      await kafka.close();
    }
  });

  it("sizes a dead-letter topic for its source's largest record plus the dead-letter headers (so nothing is cut, and no warning)", async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    try {
      await kafka.admin.createTopics([{ topic: 'big', configs: { 'max.message.bytes': String(4 * 1024 * 1024) } }]);
      await ensureTopics(kafka, [
        { topic: 'big', deadLetters: true },
        { topic: 'fresh', deadLetters: true },
      ]);
      expect((await kafka.admin.topicConfigs('big-dlq'))['max.message.bytes']).toBe(String(4 * 1024 * 1024 + DLQ_HEADER_ROOM));
      expect((await kafka.admin.topicConfigs('fresh-dlq'))['max.message.bytes']).toBe(String(DEFAULT_MAX_MESSAGE_BYTES + DLQ_HEADER_ROOM));
    } finally {
      await kafka.close();
    }
  });

  it('names the dead-letter topic as the Kafka source does, and bounds retention by broker kind', () => {
    expect(deadLetterTopic('fraud.transactions')).toBe('fraud.transactions-dlq');
    expect(boundedRetention({ kind: 'embedded' })).toEqual({ 'retention.records': '200000' });
    expect(boundedRetention({ kind: 'kafka' })).toEqual({ 'retention.ms': '3600000' });
  });
});
