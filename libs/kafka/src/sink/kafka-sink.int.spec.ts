import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { describeKafka, testBrokers } from '../testing/kafka-test.js';
import { kafkaSinkContract } from '../testing/sink-contract.js';

describeKafka('kafkaSink on the real broker', () => {
  kafkaSinkContract(() => createKafkajsClient({ brokers: testBrokers() }));
});
