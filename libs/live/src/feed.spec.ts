import { describe, expect, it } from 'vitest';
import { Stream } from '@streamlab/core';
import { assertOnQuery, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { Feed } from './feed.js';

describe('Feed', () => {
  it('serves the range a batch asks for, and forgets rows once committed', () => {
    const f = new Feed<number>('n');
    expect(f.latestOffset(null, { kind: 'all' })).toBeNull();
    f.push([1, 2, 3]);
    expect(f.latestOffset(null, { kind: 'all' })).toBe(3);
    expect(f.latestOffset(null, { kind: 'maxRows', maxRows: 2 })).toBe(2);
    expect(f.getBatch(null, 2)).toEqual([1, 2]);
    f.commit(2);
    expect(f.buffered).toBe(1);
    f.push([4]);
    expect(f.getBatch(2, 4)).toEqual([3, 4]);
  });

  it('feeds a query like any source', async () => {
    const f = new Feed<{ n: number }>('n');
    await testStream(
      Stream.fromSource(f).filter((r) => r.n > 1),
      'append',
    )(
      assertOnQuery(() => f.push([{ n: 1 }, { n: 2 }]), 'push two rows'),
      checkNewAnswer({ n: 2 }),
      assertOnQuery(() => f.buffered === 0, 'committed rows are forgotten'),
    );
  });
});
