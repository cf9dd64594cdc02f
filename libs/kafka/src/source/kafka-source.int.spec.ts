import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { describeKafka, testBrokers } from '../testing/kafka-test.js';
import { kafkaSourceContract } from '../testing/source-contract.js';

describeKafka('kafkaSource on the real broker', () => {
  kafkaSourceContract(() => createKafkajsClient({ brokers: testBrokers() }));
});
