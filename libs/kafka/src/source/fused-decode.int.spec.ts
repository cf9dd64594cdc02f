import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { describeKafka, testBrokers } from '../testing/kafka-test.js';
import { fusedDecodeContract } from './fused-decode.contract.js';

describeKafka('fused scan + decode on the real broker', () => {
  fusedDecodeContract(() => createKafkajsClient({ brokers: testBrokers() }));
});
