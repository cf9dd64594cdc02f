import { describe, expect, it } from 'vitest';
import type { OutgoingRecord } from '../port.js';
import { chunkBounds } from './kafkajs-client.js';

const rec = (bytes: number): OutgoingRecord => ({ topic: 't', value: Buffer.alloc(bytes) });

describe('chunkBounds', () => {
  it('never lets a record take a chunk over the limit: a large record after small ones starts a new chunk', () => {
    // 700 KB then a 1 MB record: one chunk would be a 1.7 MB batch, over the broker's 1 MiB.
    expect(chunkBounds([rec(700_000), rec(1_000_000), rec(10)], 768 * 1024)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('packs small records up to the limit, in order, and covers every record once', () => {
    const records = Array.from({ length: 100 }, (_, i) => rec(1000 + (i % 7) * 100));
    const bounds = chunkBounds(records, 10_000);
    expect(bounds[0]![0]).toBe(0);
    expect(bounds.at(-1)![1]).toBe(100);
    for (let i = 1; i < bounds.length; i++) expect(bounds[i]![0]).toBe(bounds[i - 1]![1]);
    for (const [s, e] of bounds) expect(records.slice(s, e).reduce((n, r) => n + 64 + (r.value as Buffer).length, 0)).toBeLessThanOrEqual(10_000);
    expect(chunkBounds([], 10)).toEqual([]);
  });
});
