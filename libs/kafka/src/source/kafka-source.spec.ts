import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { decodeJson } from './decode.js';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { kafkaSourceContract } from '../testing/source-contract.js';
import { kafkaSource, type KafkaRow } from './kafka-source.js';

describe('kafkaSource on the embedded broker', () => {
  kafkaSourceContract(() => createEmbeddedKafka({ broker: new EmbeddedBroker() }));
});

describe('kafkaSource options', () => {
  const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });

  it.each([
    [{}, /exactly one of subscribe, subscribePattern, assign/],
    [{ subscribe: 'a', assign: { a: [0] } }, /exactly one of/],
    [{ subscribe: ' , ' }, /no topic given/],
    [{ assign: '{"a":' }, /not JSON/],
    [{ assign: { a: [] } }, /topic -> list of partitions/],
    [{ subscribePattern: '(' }, /not a valid regex/],
    [{ subscribe: 'a', maxOffsetsPerTrigger: 0 }, /maxOffsetsPerTrigger/],
    [{ subscribe: 'a', startingOffsets: 'soon' }, /neither earliest, latest nor JSON/],
    [{ subscribe: 'a', shard: { index: 2, count: 2 } }, /shard: index must be below count/],
    [{ subscribe: 'a', shard: { index: 0, count: 0 } }, /shard/],
  ])('rejects %j', (opts, message) => {
    expect(() => kafkaSource({ client, ...(opts as object) })).toThrowError(message);
  });

  it('infers its row type from the decoder, and checks eventTimeField against it (typecheck)', () => {
    const Tx = z.object({ cardId: z.string(), ts: z.number() });
    const decoded = kafkaSource({ client, subscribe: 'a', decode: decodeJson(Tx), eventTimeField: 'ts' });
    expectTypeOf(decoded.getBatch).returns.resolves.toEqualTypeOf<readonly { cardId: string; ts: number }[]>();
    expectTypeOf(kafkaSource({ client, subscribe: 'a' }).getBatch).returns.resolves.toEqualTypeOf<readonly KafkaRow[]>();
    // @ts-expect-error 'when' is not a field of the rows
    kafkaSource({ client, subscribe: 'a', decode: decodeJson(Tx), eventTimeField: 'when' });
    expect(decoded.description).toBe('KafkaV2[Subscribe[a]]');
  });

  it("describes itself like Spark's Kafka source", () => {
    expect(kafkaSource({ client, subscribe: 'a,b' }).description).toBe('KafkaV2[Subscribe[a,b]]');
    expect(kafkaSource({ client, assign: '{"a":[0,1]}' }).description).toBe('KafkaV2[Assign[a-0, a-1]]');
  });

  it('wakes the engine when records are appended (embedded broker push)', async () => {
    let woken = 0;
    const source = kafkaSource({ client, subscribe: 'wake' });
    const off = source.onData(() => woken++);
    await client.producer().send([{ topic: 'wake', value: 'x' }]);
    off();
    await client.producer().send([{ topic: 'wake', value: 'y' }]);
    expect(woken).toBe(1);
  });
});
