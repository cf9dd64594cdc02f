import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { kafkaSinkContract } from '../testing/sink-contract.js';
import { kafkaSink } from './kafka-sink.js';
import { encode } from './sink-record.js';

describe('kafkaSink on the embedded broker', () => {
  kafkaSinkContract(() => createEmbeddedKafka({ broker: new EmbeddedBroker() }));
});

describe('kafkaSink options and encoding', () => {
  const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });

  it('rejects a bad guarantee with KAFKA_BAD_SINK_OPTION', () => {
    expect(() => kafkaSink({ client, topic: 't', guarantee: 'exactly-twice' as 'exactly-once' })).toThrowError(
      expect.objectContaining({ code: 'KAFKA_BAD_SINK_OPTION', value: 'exactly-twice' }),
    );
  });

  it('encodes strings and Buffers as they are, numbers and objects as JSON, null as null', () => {
    expect(encode('x')).toBe('x');
    expect(encode(Buffer.from('b'))).toEqual(Buffer.from('b'));
    expect(encode(42)).toBe('42');
    expect(encode({ a: [1] })).toBe('{"a":[1]}');
    expect(encode(undefined)).toBeNull();
  });
});
