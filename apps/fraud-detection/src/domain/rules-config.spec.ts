import { describe, expect, it } from 'vitest';
import { StreamlabError } from '@streamlab/core';
import { DEFAULT_RULES, rulesConfig } from './rules-config.js';

describe('rulesConfig', () => {
  it('fills defaults and keeps overrides', () => {
    const cfg = rulesConfig({ velocity: { maxTxPerWindow: 9 } });
    expect(cfg.velocity.maxTxPerWindow).toBe(9);
    expect(cfg.velocity.minTxForAmount).toBe(DEFAULT_RULES.velocity.minTxForAmount);
    expect(cfg.impossibleTravel.maxSpeedKmh).toBe(900);
  });

  it('rejects a bad threshold with a coded error naming the field', () => {
    let err: unknown;
    try {
      rulesConfig({ impossibleTravel: { maxSpeedKmh: -1 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StreamlabError);
    expect((err as StreamlabError).code).toBe('FRAUD_BAD_RULES_CONFIG');
    expect((err as StreamlabError).message).toContain('impossibleTravel.maxSpeedKmh');
  });
});
