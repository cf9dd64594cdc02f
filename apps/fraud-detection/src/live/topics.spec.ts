import { describe, expect, it } from 'vitest';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { deadLetterTopic, endOffsets, ensureLiveTopics } from './topics.js';

describe('live topics', () => {
  it('creates the missing topics, leaves existing ones alone, and gives their current end as starting offsets', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    try {
      await kafka.admin.createTopics([{ topic: 'tx', partitions: 2 }]);
      await kafka.producer().send([{ topic: 'tx', partition: 1, value: '{}' }, { topic: 'tx', partition: 1, value: '{}' }]);
      await ensureLiveTopics(kafka, { transactions: 'tx', deadLetters: deadLetterTopic('tx'), alerts: 'alerts' });
      expect(await kafka.admin.listTopics()).toEqual(['alerts', 'tx', 'tx-dlq']);
      expect(await kafka.admin.partitions('tx')).toEqual([0, 1]);
      expect(await kafka.admin.partitions('tx-dlq')).toEqual([0]);
      expect(await kafka.admin.partitions('alerts')).toEqual([0, 1, 2]);
      expect(await endOffsets(kafka, 'tx')).toEqual({ tx: { '0': 0, '1': 2 } });
    } finally {
      await kafka.close();
    }
  });
});
