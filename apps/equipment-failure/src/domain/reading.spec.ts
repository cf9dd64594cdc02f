import { describe, expect, it } from 'vitest';
import { readingSchema } from './reading.js';

describe('readingSchema', () => {
  it('parses epoch ms and ISO-8601 event times to epoch ms', () => {
    const r = { readingId: 'r-1', sourceId: 'source-001', value: 42.5 };
    expect(readingSchema.parse({ ...r, eventTime: 1_767_571_200_000 }).eventTime).toBe(1_767_571_200_000);
    expect(readingSchema.parse({ ...r, eventTime: '2026-01-05T00:00:00Z' }).eventTime).toBe(Date.parse('2026-01-05T00:00:00Z'));
  });

  it('rejects a reading without a source or with a broken time', () => {
    expect(readingSchema.safeParse({ readingId: 'r-1', value: 1, eventTime: 0 }).success).toBe(false);
    expect(readingSchema.safeParse({ readingId: 'r-1', sourceId: 's', value: 1, eventTime: 'yesterday' }).success).toBe(false);
  });
});
