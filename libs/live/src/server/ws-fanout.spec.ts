import { describe, expect, it } from 'vitest';
import { wsTextFrame } from './ws-fanout.js';

describe('wsTextFrame', () => {
  it('frames a short text with a 2-byte header (FIN, text opcode, unmasked length)', () => {
    expect([...wsTextFrame('4hello')]).toEqual([0x81, 6, ...Buffer.from('4hello')]);
  });

  it('uses the 16-bit length form from 126 bytes, counting UTF-8 bytes, not characters', () => {
    const text = 'é'.repeat(100); // 200 bytes
    const f = wsTextFrame(text);
    expect(f[0]).toBe(0x81);
    expect(f[1]).toBe(126);
    expect(f.readUInt16BE(2)).toBe(200);
    expect(f.subarray(4).toString('utf8')).toBe(text);
    expect(f.length).toBe(204);
  });

  it('uses the 64-bit length form from 65,536 bytes', () => {
    const text = 'x'.repeat(70_000);
    const f = wsTextFrame(text);
    expect(f[1]).toBe(127);
    expect(f.readBigUInt64BE(2)).toBe(70_000n);
    expect(f.length).toBe(70_010);
    expect(wsTextFrame('y'.repeat(65_535))[1]).toBe(126); // the largest 16-bit length
  });
});
