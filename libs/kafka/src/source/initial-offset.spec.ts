import { describe } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { initialOffsetContract } from './initial-offset.contract.js';

describe('startingOffsets recorded in the checkpoint (embedded broker)', () => {
  initialOffsetContract(() => createEmbeddedKafka({ broker: new EmbeddedBroker() }));
});
