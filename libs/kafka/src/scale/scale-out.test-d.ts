/** Types inferred through scaleOut: a task's source rows from its decoder, the output rows from the query, repartition keeps the row type. */
import { count, Stream, window, type Window } from '@streamlab/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { KafkaClient } from '../port.js';
import { decodeJson } from '../source/decode.js';
import type { KafkaRow } from '../source/kafka-source.js';
import { scaleOut } from './scale-out.js';
import type { TaskContext } from './task-context.js';

const Tx = z.object({ ts: z.number(), cardId: z.string() });
type Tx = z.infer<typeof Tx>;
declare const client: KafkaClient;
declare const task: TaskContext;

describe('scaleOut types', () => {
  it("a task's kafkaSource gives its decoder's rows, or raw records without one", () => {
    expectTypeOf(Stream.fromSource(task.kafkaSource({ topic: 'tx', decode: decodeJson(Tx), eventTimeField: 'ts' }))).toEqualTypeOf<Stream<Tx>>();
    expectTypeOf(Stream.fromSource(task.kafkaSource({ topic: 'tx' }))).toEqualTypeOf<Stream<KafkaRow>>();
    // @ts-expect-error the subscription is the task's: one topic, no subscribe
    task.kafkaSource({ topic: 'tx', subscribe: 'other' });
  });

  it('partitionedBy and a repartition key name columns of the rows', () => {
    const tx = Stream.fromSource(task.kafkaSource({ topic: 'tx', decode: decodeJson(Tx), partitionedBy: 'cardId' }));
    task.kafkaSource({ topic: 'tx', decode: decodeJson(Tx), partitionedBy: ['cardId', 'ts'] });
    // @ts-expect-error 'nope' is not a column of Tx
    task.kafkaSource({ topic: 'tx', decode: decodeJson(Tx), partitionedBy: 'nope' });
    expectTypeOf(task.repartition(tx, { name: 'by-card', key: 'cardId' })).toEqualTypeOf<Stream<Tx>>();
    // @ts-expect-error 'nope' is not a column of Tx
    task.repartition(tx, { name: 'by-card', key: 'nope' });
  });

  it('repartition keeps the row type; toRecord gets the rows the query gives', () => {
    const tx = Stream.fromSource(task.kafkaSource({ topic: 'tx', decode: decodeJson(Tx) }));
    expectTypeOf(task.repartition(tx, { name: 'by-card', key: (r) => r.cardId })).toEqualTypeOf<Stream<Tx>>();
    scaleOut({
      applicationId: 'fraud',
      client,
      topics: 'tx',
      query: (t) =>
        Stream.fromSource(t.kafkaSource({ topic: 'tx', decode: decodeJson(Tx) }))
          .withWatermark('ts', '1 minute')
          .groupBy(window('ts', '1 minute'), 'cardId')
          .agg({ n: count() }),
      output: {
        topic: 'counts',
        toRecord: (r) => {
          expectTypeOf(r).toEqualTypeOf<{ window: Window; cardId: string; n: number }>();
          return { key: r.cardId, value: r };
        },
      },
    });
  });
});
