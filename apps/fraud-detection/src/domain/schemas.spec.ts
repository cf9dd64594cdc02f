import { describe, expect, it } from 'vitest';
import { parseTransaction } from './schemas.js';

const good = {
  txId: 'tx-1',
  cardId: 'card-1',
  accountId: 'acc-1',
  amount: 12.5,
  currency: 'EUR',
  merchantId: 'm-1',
  mcc: '5411',
  channel: 'card-present',
  country: 'FR',
  city: 'Paris',
  lat: 48.85,
  lon: 2.35,
  deviceId: 'pos-9',
  eventTime: '2026-03-02T10:15:00Z',
};

describe('parseTransaction', () => {
  it('accepts a good record and normalises event time to epoch ms', () => {
    const r = parseTransaction(good);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.eventTime).toBe(Date.parse('2026-03-02T10:15:00Z'));
  });

  it('accepts epoch ms and Date event times', () => {
    const ms = Date.parse('2026-03-02T10:15:00Z');
    const a = parseTransaction({ ...good, eventTime: ms });
    const b = parseTransaction({ ...good, eventTime: new Date(ms) });
    expect(a.ok && a.value.eventTime).toBe(ms);
    expect(b.ok && b.value.eventTime).toBe(ms);
  });

  it('names every bad field in the reason', () => {
    const r = parseTransaction({ ...good, amount: -3, channel: 'fax', eventTime: 'yesterday' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('amount');
      expect(r.reason).toContain('channel');
      expect(r.reason).toContain('eventTime');
    }
  });

  it('rejects a record with a missing event time and non-objects', () => {
    const { eventTime: _drop, ...noTime } = good;
    expect(parseTransaction(noTime).ok).toBe(false);
    expect(parseTransaction('{"txId": 1').ok).toBe(false);
    expect(parseTransaction(null).ok).toBe(false);
  });
});
