import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './murmur2.js';

// Computed with the Java client: org.apache.kafka.common.utils.Utils.murmur2 / toPositive(h) % n (kafka-clients 3.9.2).
const JAVA: [key: string, hash: number, of3: number, of6: number][] = [
  ['', 275646681, 0, 3],
  ['a', -1563381124, 1, 4],
  ['21', -973932308, 0, 0],
  ['foobar', -790332482, 0, 0],
  ['abc', 479470107, 0, 3],
  ['key-0', 29210041, 1, 1],
  ['key-1', 193331640, 0, 0],
  ['card-4242', -1971080489, 0, 3],
  ['a-little-bit-longer-string', -1486304829, 2, 5],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971, 2, 5],
  ['日本語', 1431860170, 1, 4],
];

describe('murmur2 (Kafka default partitioner)', () => {
  it.each(JAVA)('hashes %j like the Java client', (key, hash, of3, of6) => {
    const bytes = Buffer.from(key, 'utf8');
    expect(murmur2(bytes)).toBe(hash);
    expect(partitionForKey(bytes, 3)).toBe(of3);
    expect(partitionForKey(bytes, 6)).toBe(of6);
  });
});
