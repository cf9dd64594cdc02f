import { describe, expect, it } from 'vitest';
import { backlogOf, parseOffsetJson, rateLimit } from './offsets.js';

describe('startingOffsets JSON', () => {
  it('parses per-partition offsets with -2 (earliest) and -1 (latest)', () => {
    expect(parseOffsetJson('{"a":{"0":-2,"1":-1,"2":17}}')).toEqual({ a: { '0': -2, '1': -1, '2': 17 } });
  });

  it.each(['nope', '[1]', '{"a":{"x":1}}', '{"a":{"0":-3}}', '{"a":{"0":1.5}}', '{"a":3}'])('rejects %s with KAFKA_BAD_OFFSETS', (text) => {
    expect(() => parseOffsetJson(text)).toThrowError(expect.objectContaining({ code: 'KAFKA_BAD_OFFSETS', value: text }));
  });
});

describe('maxOffsetsPerTrigger split (Spark rateLimit)', () => {
  it('splits the limit by backlog', () => {
    expect(rateLimit({ t: { '0': 0, '1': 0 } }, { t: { '0': 90, '1': 10 } }, 50)).toEqual({ t: { '0': 45, '1': 5 } });
    // Split by worker: each one's partitions get the shares of the whole split.
    expect(rateLimit({ t: { '0': 0 } }, { t: { '0': 90 } }, 50, 100)).toEqual({ t: { '0': 45 } });
    expect(rateLimit({ t: { '1': 0 } }, { t: { '1': 10 } }, 50, 100)).toEqual({ t: { '1': 5 } });
    expect(rateLimit({ t: { '1': 0 } }, { t: { '1': 10 } }, 50)).toEqual({ t: { '1': 10 } });
    expect(backlogOf({ t: { '0': 5 } }, { t: { '0': 9, '1': 3 } })).toBe(7);
  });

  it('gives a partition with a tiny backlog at least one record, and never more than its backlog', () => {
    expect(rateLimit({ t: { '0': 100, '1': 5 } }, { t: { '0': 1100, '1': 6 } }, 100)).toEqual({ t: { '0': 199, '1': 6 } });
  });

  it('returns the end unchanged when the backlog fits the limit', () => {
    const end = { t: { '0': 10 }, u: { '0': 3 } };
    expect(rateLimit({ t: { '0': 5 }, u: { '0': 0 } }, end, 100)).toBe(end);
  });

  it('reads partitions without a start (new ones) from offset 0, sharing the limit', () => {
    expect(rateLimit({ t: { '0': 0 } }, { t: { '0': 100, '1': 40 } }, 10)).toEqual({ t: { '0': 7, '1': 2 } });
  });
});
