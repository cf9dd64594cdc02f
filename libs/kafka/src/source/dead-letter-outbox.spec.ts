import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaClient } from '../port.js';
import { closeDeadLetterOutbox, deadLetterOutboxFor, openDeadLetterOutbox } from './dead-letter-outbox.js';

/** A client of a real broker for identity checks only (never connects). */
const realClient = (bootstrap: string) => ({ kind: 'kafka', bootstrap }) as unknown as KafkaClient;

describe('dead-letter outbox (dead letters in the exactly-once sink transaction)', () => {
  it("is the sink's outbox for a source of the same query on the same cluster, and only then", () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const outbox = openDeadLetterOutbox('q1', client);
    expect(deadLetterOutboxFor('q1', client)).toBe(outbox);
    expect(deadLetterOutboxFor('q2', client)).toBeUndefined(); // another query
    expect(deadLetterOutboxFor(undefined, client)).toBeUndefined(); // a source outside a query
    expect(deadLetterOutboxFor('q1', createEmbeddedKafka({ broker: new EmbeddedBroker() }))).toBeUndefined(); // another embedded broker
    closeDeadLetterOutbox('q1', outbox);
    expect(deadLetterOutboxFor('q1', client)).toBeUndefined();
  });

  it('matches real-broker clients by bootstrap servers', () => {
    const outbox = openDeadLetterOutbox('q3', realClient('127.0.0.1:9092'));
    expect(deadLetterOutboxFor('q3', realClient('127.0.0.1:9092'))).toBe(outbox);
    expect(deadLetterOutboxFor('q3', realClient('10.0.0.1:9092'))).toBeUndefined();
    closeDeadLetterOutbox('q3', outbox);
  });

  it('hands out what was added once', () => {
    const outbox = openDeadLetterOutbox('q4', realClient('x:1'));
    outbox.add([{ topic: 'd', value: 'a' }]);
    outbox.add([{ topic: 'd', value: 'b' }]);
    expect(outbox.take().map((r) => r.value)).toEqual(['a', 'b']);
    expect(outbox.take()).toEqual([]);
    closeDeadLetterOutbox('q4', outbox);
  });
});
