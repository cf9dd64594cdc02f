import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import type { KafkaReader, KafkaRecord, PartitionRange, ScanningReader } from '../port.js';
import { PrefetchingReader, ScanPrefetch } from './prefetch.js';

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

/** A scanning reader over the embedded broker whose `collect` keeps the records of each range and `replay` visits them, counting the calls. */
async function scanSetup() {
  const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  await kafka.producer().send(Array.from({ length: 100 }, (_, i) => ({ topic: 't', value: `v${i}` })));
  const inner = kafka.reader();
  const calls: string[] = [];
  const visit = (records: KafkaRecord[], visitor: { begin(r: PartitionRange): void; record(r: KafkaRecord): void }, range: PartitionRange) => {
    visitor.begin(range);
    for (const r of records) if (r.offset >= range.from && r.offset < range.until) visitor.record(r);
  };
  const reader: ScanningReader & Required<Pick<ScanningReader, 'collect' | 'replay'>> = {
    read: (ranges) => inner.read(ranges),
    scan: async (ranges, visitor) => {
      calls.push(`scan ${ranges.map((r) => `${r.from}-${r.until}`).join(',')}`);
      const got = await inner.read(ranges);
      ranges.forEach((r, i) => visit(got[i]!, visitor, r));
    },
    collect: async (ranges) => {
      calls.push(`collect ${ranges.map((r) => `${r.from}-${r.until}`).join(',')}`);
      return inner.read(ranges);
    },
    replay: (collected, range, visitor) => {
      calls.push(`replay ${range.from}-${range.until}`);
      visit(collected as KafkaRecord[], visitor, range);
    },
    close: () => inner.close(),
  };
  return { prefetch: new ScanPrefetch(reader), calls };
}

async function scanned(prefetch: ScanPrefetch, ranges: PartitionRange[]): Promise<number[]> {
  const seen: number[] = [];
  await prefetch.scan(ranges, { begin() {}, value: () => false, record: (r) => seen.push(r.offset) });
  return seen;
}

describe('ScanPrefetch', () => {
  it('replays a read-ahead that starts where the scan starts, and scans only the rest', async () => {
    const { prefetch, calls } = await scanSetup();
    prefetch.prefetch([{ topic: 't', partition: 0, from: 10, until: 20 }]);
    expect(await scanned(prefetch, [{ topic: 't', partition: 0, from: 10, until: 25 }])).toEqual(Array.from({ length: 15 }, (_, i) => 10 + i));
    expect(calls).toEqual(['collect 10-20', 'replay 10-20', 'scan 20-25']);
  });

  it('takes only the offsets asked for from a longer read-ahead, and ignores one that starts elsewhere', async () => {
    const { prefetch, calls } = await scanSetup();
    prefetch.prefetch([{ topic: 't', partition: 0, from: 10, until: 40 }]);
    expect(await scanned(prefetch, [{ topic: 't', partition: 0, from: 10, until: 15 }])).toEqual([10, 11, 12, 13, 14]);
    prefetch.prefetch([{ topic: 't', partition: 0, from: 50, until: 60 }]);
    expect(await scanned(prefetch, [{ topic: 't', partition: 0, from: 15, until: 18 }])).toEqual([15, 16, 17]);
    expect(calls).toEqual(['collect 10-40', 'replay 10-15', 'collect 50-60', 'scan 15-18']);
  });

  it('scans when the read-ahead failed, and after clear()', async () => {
    const { prefetch, calls } = await scanSetup();
    prefetch.prefetch([{ topic: 'missing', partition: 0, from: 0, until: 5 }]);
    prefetch.prefetch([{ topic: 't', partition: 0, from: 0, until: 5 }]);
    prefetch.clear();
    expect(await scanned(prefetch, [{ topic: 't', partition: 0, from: 0, until: 3 }])).toEqual([0, 1, 2]);
    expect(calls.at(-1)).toBe('scan 0-3');
  });
});
