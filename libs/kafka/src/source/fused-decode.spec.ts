import { describe } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { fusedDecodeContract } from './fused-decode.contract.js';

describe('fused scan + decode on the embedded broker', () => {
  const broker = new EmbeddedBroker();
  fusedDecodeContract(() => createEmbeddedKafka({ broker }));
});
