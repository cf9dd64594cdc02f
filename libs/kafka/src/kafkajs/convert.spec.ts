import { StreamlabError } from '@streamlab/core';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isNonRetriableKafkaError } from '../retriable.js';
import { mapKafkajsError } from './convert.js';

describe('mapKafkajsError', () => {
  it('turns an unreachable broker (a connection error, wrapped once retries ran out) into KAFKA_UNREACHABLE with a hint', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { broker: '127.0.0.1:1', code: 'ECONNREFUSED' });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 8000 });
    for (const err of [refused, exhausted]) {
      const mapped = mapKafkajsError(err, 'listTopics') as StreamlabError;
      expect(mapped).toBeInstanceOf(StreamlabError);
      expect(mapped.code).toBe('KAFKA_UNREACHABLE');
      expect(mapped.message).toMatch(
        /^listTopics: cannot reach the Kafka broker \(Connection error: connect ECONNREFUSED 127\.0\.0\.1:1\) \(check that KAFKA_BROKERS/,
      );
      expect(mapped.value).toBe('127.0.0.1:1');
      expect(mapped.hint).toMatch(/KAFKA_BROKERS.*npm run kafka/);
    }
  });

  it('says a known broker is down, not that KAFKA_BROKERS is wrong, when the client reached it before', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092', code: 'ECONNREFUSED' });
    const mapped = mapKafkajsError(refused, 'topicOffsets', true) as StreamlabError;
    expect(mapped.code).toBe('KAFKA_UNREACHABLE');
    expect(mapped.hint).toMatch(/127\.0\.0\.1:9092 answered before and is down now: check that it is running/);
    expect(mapped.hint).not.toMatch(/unset it/);
  });

  it('maps MESSAGE_TOO_LARGE (anywhere in the cause chain) to KAFKA_RECORD_TOO_LARGE, not retriable', () => {
    const tooLarge = new KafkaJSProtocolError({
      message: 'The request included a message larger than the max message size the server will accept',
      type: 'MESSAGE_TOO_LARGE',
      code: 10,
      retriable: false,
    } as never);
    const wrapped = Object.assign(new Error('send failed'), { cause: tooLarge });
    for (const err of [tooLarge, wrapped]) {
      const mapped = mapKafkajsError(err, 'producer') as StreamlabError;
      expect(mapped).toMatchObject({ code: 'KAFKA_RECORD_TOO_LARGE', retriable: false });
      expect(isNonRetriableKafkaError(mapped)).toBe(true);
    }
    expect(isNonRetriableKafkaError(tooLarge)).toBe(true);
    const loading = new KafkaJSProtocolError({
      message: 'The coordinator is loading',
      type: 'COORDINATOR_LOAD_IN_PROGRESS',
      code: 14,
      retriable: true,
    } as never);
    expect(isNonRetriableKafkaError(loading)).toBe(false);
    expect(isNonRetriableKafkaError(new Error('boom'))).toBe(false);
  });

  it('maps unknown topics and passes other errors through', () => {
    const unknown = new KafkaJSProtocolError({
      message: 'This server does not host this topic-partition',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      code: 3,
      retriable: true,
    } as never);
    expect((mapKafkajsError(unknown, 'tx') as StreamlabError).code).toBe('KAFKA_UNKNOWN_TOPIC');
    const other = new Error('boom');
    expect(mapKafkajsError(other, 'tx')).toBe(other);
  });
});
