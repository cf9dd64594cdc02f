import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { describeKafka, testBrokers } from './kafka-test.js';
import { kafkaPipelineContract } from './pipeline-contract.js';

describeKafka('Kafka -> windowed count -> Kafka on the real broker', () => {
  kafkaPipelineContract(() => createKafkajsClient({ brokers: testBrokers() }));
});
