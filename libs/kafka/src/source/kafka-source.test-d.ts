/** Row types inferred from `kafkaSource` options, inline inside `Stream.fromSource(...)`. */
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { Stream } from '@streamlab/core';
import { decodeJson } from './decode.js';
import { kafkaSource } from './kafka-source.js';
import type { KafkaRow } from './kafka-source.js';

const Tx = z.object({ ts: z.number(), card: z.string() });
type Tx = z.infer<typeof Tx>;

describe('kafkaSource row types', () => {
  it('a decoder gives its rows, also with eventTimeField, inline in Stream.fromSource', () => {
    expectTypeOf(Stream.fromSource(kafkaSource({ subscribe: ['tx'], decode: decodeJson(Tx) }))).toEqualTypeOf<Stream<Tx>>();
    const inline = Stream.fromSource(kafkaSource({ subscribe: ['tx'], decode: decodeJson(Tx), eventTimeField: 'ts', maxOffsetsPerTrigger: 10 }));
    expectTypeOf(inline).toEqualTypeOf<Stream<Tx>>();
  });

  it('eventTimeField must be a field of the decoded rows', () => {
    // @ts-expect-error 'when' is not a field of Tx
    kafkaSource({ subscribe: ['tx'], decode: decodeJson(Tx), eventTimeField: 'when' });
  });

  it('without a decoder, rows are raw Kafka records', () => {
    expectTypeOf(Stream.fromSource(kafkaSource({ subscribe: ['tx'] }))).toEqualTypeOf<Stream<KafkaRow>>();
  });
});
