import { describe, expect, it } from 'vitest';
import { newClusterId } from './cluster-id.js';

describe('newClusterId', () => {
  it('is 22 URL-safe base64 characters', () => {
    expect(newClusterId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('never starts with "-", which kafka-storage would read as an option', () => {
    // 0xf8 as the first byte encodes to '-' first (62 << 2): the generator must draw again.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x41)];
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    let calls = 0;
    const id = newClusterId(() => draws[calls++]!);
    expect(calls).toBe(3);
    expect(id.startsWith('-')).toBe(false);
    expect(id).toBe(Buffer.alloc(16, 0x41).toString('base64url'));
  });
});
