import { describe, expect, it } from 'vitest';
import { buildPools } from './pools.js';

describe('buildPools', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = buildPools(7, { names: 50, shops: 40 });
    const b = buildPools(7, { names: 50, shops: 40 });
    const c = buildPools(8, { names: 50, shops: 40 });
    expect(a).toEqual(b);
    expect(a.holderNames).not.toEqual(c.holderNames);
    expect(a.holderNames).toHaveLength(50);
    expect(a.shopNames).toHaveLength(40);
    expect(a.onlineShopNames.length).toBeGreaterThanOrEqual(20);
  });
});
