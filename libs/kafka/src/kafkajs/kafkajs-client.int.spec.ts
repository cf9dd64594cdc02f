import { describe } from 'vitest';
import { describeKafka, testBrokers } from '../testing/kafka-test.js';
import { kafkaPortContract } from '../testing/port-contract.js';
import { createKafkajsClient } from './kafkajs-client.js';

describeKafka('kafkajs adapter: the Kafka port contract (real broker)', () => {
  describe('contract', () => kafkaPortContract(() => createKafkajsClient({ brokers: testBrokers() })));
});
