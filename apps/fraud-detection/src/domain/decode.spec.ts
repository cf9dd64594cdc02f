import { describe, expect, it } from 'vitest';
import { decodeTransaction } from './decode.js';
import { txFixture } from './fixtures.js';

describe('decodeTransaction', () => {
  it('decodes a good record', () => {
    const tx = txFixture();
    expect(decodeTransaction(JSON.stringify(tx))).toEqual({ ok: true, value: tx });
  });

  it('routes truncated JSON and bad fields with a reason and the original text', () => {
    const text = JSON.stringify(txFixture()).slice(0, 40);
    const bad = decodeTransaction(text);
    expect(bad).toMatchObject({ ok: false, text });
    expect(!bad.ok && bad.reason).toMatch(/^not JSON/);
    const noTime = decodeTransaction(JSON.stringify({ ...txFixture(), eventTime: 'soon' }));
    expect(!noTime.ok && noTime.reason).toContain('eventTime');
  });
});
