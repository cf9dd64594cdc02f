import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { describeKafka, testBrokers } from '../testing/kafka-test.js';
import { initialOffsetContract } from './initial-offset.contract.js';

describeKafka('startingOffsets recorded in the checkpoint (real broker)', () => {
  initialOffsetContract(() => createKafkajsClient({ brokers: testBrokers() }));
});
