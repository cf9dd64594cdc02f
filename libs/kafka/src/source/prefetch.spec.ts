import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaReader, PartitionRange } from '../port.js';
import { PrefetchingReader } from './prefetch.js';

async function setup() {
  const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  await kafka.producer().send(Array.from({ length: 100 }, (_, i) => ({ topic: 't', value: `v${i}` })));
  const inner = kafka.reader();
  const calls: PartitionRange[][] = [];
  const counting: KafkaReader = {
    read: (ranges) => {
      calls.push([...ranges]);
      return inner.read(ranges);
    },
    close: () => inner.close(),
  };
  return { reader: new PrefetchingReader(counting), calls };
}
const offsets = (rows: { offset: number }[][]) => rows.flat().map((r) => r.offset);

describe('PrefetchingReader', () => {
  it('serves a read from the prefetch when it starts where the prefetch started, fetching only the rest', async () => {
    const { reader, calls } = await setup();
    reader.prefetch([{ topic: 't', partition: 0, from: 10, until: 20 }]);
    const got = await reader.read([{ topic: 't', partition: 0, from: 10, until: 25 }]);
    expect(offsets(got)).toEqual(Array.from({ length: 15 }, (_, i) => 10 + i));
    expect(calls).toEqual([[{ topic: 't', partition: 0, from: 10, until: 20 }], [{ topic: 't', partition: 0, from: 20, until: 25 }]]);
  });

  it('returns only the offsets asked for and keeps the rest of the prefetch for the next read', async () => {
    const { reader, calls } = await setup();
    reader.prefetch([{ topic: 't', partition: 0, from: 0, until: 30 }]);
    expect(offsets(await reader.read([{ topic: 't', partition: 0, from: 0, until: 5 }]))).toEqual([0, 1, 2, 3, 4]);
    expect(offsets(await reader.read([{ topic: 't', partition: 0, from: 5, until: 8 }]))).toEqual([5, 6, 7]);
    expect(calls).toHaveLength(1);
  });

  it('ignores a prefetch that starts elsewhere', async () => {
    const { reader, calls } = await setup();
    reader.prefetch([{ topic: 't', partition: 0, from: 50, until: 60 }]);
    expect(offsets(await reader.read([{ topic: 't', partition: 0, from: 40, until: 42 }]))).toEqual([40, 41]);
    expect(calls.at(-1)).toEqual([{ topic: 't', partition: 0, from: 40, until: 42 }]);
  });
});
