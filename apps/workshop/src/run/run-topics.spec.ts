import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { describe, expect, it } from 'vitest';
import { runTopicPrefix } from './run-topics.js';

describe('runTopicPrefix', () => {
  it('on a shared broker: the next run number of this prefix, whatever other prefixes and names hold', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    expect(await runTopicPrefix(kafka, 'alice.', 'external')).toBe('alice.run1.');
    const names = ['alice.run1.sightings', 'alice.run12.zone-pond', 'alice.sightings', 'bob.run40.sightings', 'alice-run90.sightings', 'alicerun50.x'];
    await kafka.admin.createTopics(names.map((topic) => ({ topic, partitions: 1 })));
    expect(await runTopicPrefix(kafka, 'alice.', 'external')).toBe('alice.run13.');
    expect(await runTopicPrefix(kafka, 'bob.', 'external')).toBe('bob.run41.');
    expect(await runTopicPrefix(kafka, '', 'external')).toBe('run1.');
  });

  it('on the embedded broker (empty at every run): the prefix as it is', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await kafka.admin.createTopics([{ topic: 'alice.run3.sightings', partitions: 1 }]);
    expect(await runTopicPrefix(kafka, 'alice.', 'embedded')).toBe('alice.');
  });
});
