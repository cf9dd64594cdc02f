import { describe } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { kafkaPipelineContract } from './pipeline-contract.js';

describe('Kafka -> windowed count -> Kafka on the embedded broker', () => {
  kafkaPipelineContract(() => createEmbeddedKafka({ broker: new EmbeddedBroker() }));
});
