import { describe, expect, it } from 'vitest';
import { createKafkaClient } from './client.js';
import { EmbeddedBroker } from './embedded/embedded-broker.js';

describe('createKafkaClient', () => {
  it('uses the embedded broker when KAFKA_BROKERS is unset or empty', async () => {
    const embedded = new EmbeddedBroker();
    const kafka = createKafkaClient({ env: { KAFKA_BROKERS: ' ' }, embedded });
    expect(kafka.kind).toBe('embedded');
    await kafka.admin.createTopics([{ topic: 't', partitions: 2 }]);
    expect(embedded.listTopics()).toEqual(['t']);
  });

  it('uses kafkajs on KAFKA_BROKERS (connecting lazily)', () => {
    const kafka = createKafkaClient({ env: { KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093' } });
    expect(kafka.kind).toBe('kafka');
    expect(kafka.bootstrap).toBe('127.0.0.1:9092,127.0.0.1:9093');
  });

  it('rejects a malformed broker list with KAFKA_BAD_BROKERS and the expected shape', () => {
    expect(() => createKafkaClient({ brokers: 'localhost' })).toThrowError(
      expect.objectContaining({ code: 'KAFKA_BAD_BROKERS', value: 'localhost', hint: expect.stringContaining('host:port') }),
    );
  });
});
