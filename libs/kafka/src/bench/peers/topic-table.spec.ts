import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../../embedded/embedded-client.js';
import { readTopicTable } from './topic-table.js';

describe('readTopicTable', () => {
  it('keeps the last value per key over every partition, deletes tombstoned keys and skips keyless records', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await kafka.admin.createTopics([{ topic: 'profiles', partitions: 3, configs: { 'cleanup.policy': 'compact' } }]);
    await kafka.producer().send([
      { topic: 'profiles', key: 'a', value: 'a1' },
      { topic: 'profiles', key: 'b', value: 'b1' },
      { topic: 'profiles', key: 'c', value: 'c1' },
      { topic: 'profiles', key: 'a', value: 'a2' },
      { topic: 'profiles', key: 'b', value: null },
      { topic: 'profiles', key: null, value: 'orphan' },
    ]);
    const table = await readTopicTable(kafka, 'profiles');
    expect(new Map([...table].map(([k, v]) => [k, v.toString()]))).toEqual(
      new Map([
        ['a', 'a2'],
        ['c', 'c1'],
      ]),
    );
    // written after the read: not in that table, in the next one
    await kafka.producer().send([{ topic: 'profiles', key: 'd', value: 'd1' }]);
    expect(table.has('d')).toBe(false);
    expect((await readTopicTable(kafka, 'profiles')).get('d')?.toString()).toBe('d1');
  });

  it('reads an empty topic as an empty table', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await kafka.admin.createTopics([{ topic: 'empty', partitions: 2 }]);
    expect((await readTopicTable(kafka, 'empty')).size).toBe(0);
  });
});
