import { StreamlabError } from '@streamlab/core';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { mapKafkajsError } from './convert.js';

describe('mapKafkajsError', () => {
  it('turns an unreachable broker (a connection error, wrapped once retries ran out) into KAFKA_UNREACHABLE with a hint', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { broker: '127.0.0.1:1', code: 'ECONNREFUSED' });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 8000 });
    for (const err of [refused, exhausted]) {
      const mapped = mapKafkajsError(err, 'listTopics') as StreamlabError;
      expect(mapped).toBeInstanceOf(StreamlabError);
      expect(mapped.code).toBe('KAFKA_UNREACHABLE');
      expect(mapped.message).toMatch(/^listTopics: cannot reach the Kafka broker \(Connection error: connect ECONNREFUSED 127\.0\.0\.1:1\) \(check that KAFKA_BROKERS/);
      expect(mapped.value).toBe('127.0.0.1:1');
      expect(mapped.hint).toMatch(/KAFKA_BROKERS.*npm run kafka/);
    }
  });

  it('maps unknown topics and passes other errors through', () => {
    const unknown = new KafkaJSProtocolError({ message: 'This server does not host this topic-partition', type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true } as never);
    expect((mapKafkajsError(unknown, 'tx') as StreamlabError).code).toBe('KAFKA_UNKNOWN_TOPIC');
    const other = new Error('boom');
    expect(mapKafkajsError(other, 'tx')).toBe(other);
  });
});
