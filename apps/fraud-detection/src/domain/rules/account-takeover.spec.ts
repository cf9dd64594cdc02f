import { describe, expect, it } from 'vitest';
import { profileFixture, txFixture } from '../fixtures.js';
import { DEFAULT_RULES } from '../rules-config.js';
import { accountTakeover } from './account-takeover.js';

const cfg = DEFAULT_RULES.accountTakeover;
const profile = profileFixture({ knownDevices: ['phone-1'] });
const online = (over: Parameters<typeof txFixture>[0]) => txFixture({ channel: 'e-commerce', ...over });

describe('accountTakeover', () => {
  it('alerts on a new device with an unusual amount, naming the device', () => {
    const a = accountTakeover(online({ deviceId: 'dev-evil', amount: 300 }), profile, cfg)!;
    expect(a.rule).toBe('account-takeover');
    expect(a.reason).toContain('new device dev-evil');
    expect(a.score).toBeGreaterThanOrEqual(0.7);
  });

  it('needs both signals: a known device or a usual amount is fine', () => {
    expect(accountTakeover(online({ deviceId: 'phone-1', amount: 300 }), profile, cfg)).toBeNull();
    expect(accountTakeover(online({ deviceId: 'dev-new', amount: 45 }), profile, cfg)).toBeNull();
  });

  it('only looks at online charges (a terminal id is not the holder device)', () => {
    expect(accountTakeover(txFixture({ deviceId: 'pos-77', amount: 300 }), profile, cfg)).toBeNull();
  });
});
