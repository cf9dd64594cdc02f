import { describe, expect, it } from 'vitest';
import { originalTx } from './fraud.js';
import { ANOMALY, cardsOf, fraudProfile, PlainProfile, profileTx, robustScore, TAKEOVER } from './fraud-profile.js';

const base = Date.UTC(2026, 11, 6);

interface Tx {
  txId: string;
  cardId: string;
  amount: number;
  channel: string;
  deviceId: string;
  eventTime: number;
}

/** The input as the systems see it: the profile topic's table, and the transactions in order. */
function input(n: number) {
  const profiles = new Map<string, PlainProfile>();
  const txs: Tx[] = [];
  for (let i = 0; i < n; i++) {
    const r = fraudProfile.record(i, n, base);
    const value = JSON.parse(String(r.value)) as Tx | PlainProfile;
    if (r.input === 1) profiles.set(String(r.key), PlainProfile.parse(value));
    else txs.push(value as Tx);
  }
  return { profiles, txs };
}

describe('the fraud-profile workload', () => {
  it('writes every profile to the compacted second input before the first transaction, each keyed by its card', () => {
    const n = 50_000;
    expect(fraudProfile.topicConfigs?.(1)).toEqual({ 'cleanup.policy': 'compact' });
    expect(fraudProfile.streamed?.(n)).toBe(n - cardsOf(n));
    for (let i = 0; i < n; i++) {
      const r = fraudProfile.record(i, n, base);
      expect(r.input).toBe(i < cardsOf(n) ? 1 : 0);
      expect(r.key).toBe((JSON.parse(String(r.value)) as { cardId: string }).cardId);
    }
    expect(input(n).profiles.size).toBe(cardsOf(n));
    expect(cardsOf(500_000)).toBe(20_000);
  });

  it('resends every 10th transaction as an exact copy', () => {
    const n = 20_000;
    const cards = cardsOf(n);
    for (let i = cards; i < n; i++) {
      const j = originalTx(i - cards);
      if (j !== i - cards) expect(fraudProfile.record(i, n, base)).toEqual(fraudProfile.record(cards + j, n, base));
    }
  });

  it("expects the alerts of the app's two rules over the first copy of each transaction joined with its card's profile", () => {
    const n = 60_000;
    const { profiles, txs } = input(n);
    const brute = new Map<string, string>();
    const seen = new Set<string>();
    let unknown = 0;
    for (const t of txs) {
      if (seen.has(t.txId)) continue;
      seen.add(t.txId);
      const p = profiles.get(t.cardId);
      if (!p) {
        unknown++;
        continue;
      }
      // apps/fraud-detection/src/domain/rules: amountScore, amountAnomaly, accountTakeover with the default thresholds
      const eur = t.amount / 100;
      const score = (0.6745 * (Math.log(eur) - p.spendLogMedian)) / Math.max(p.spendLogMad, 0.05);
      if (t.channel !== 'atm' && eur >= 150 && score >= 3.5) brute.set(`${t.txId}|amount-anomaly`, `${t.cardId} ${t.amount}`);
      if (t.channel === 'e-commerce' && !p.knownDevices.includes(t.deviceId) && eur >= 80 && score >= 2)
        brute.set(`${t.txId}|account-takeover`, `${t.cardId} ${t.amount}`);
    }
    const expected = fraudProfile.expected(n, base);
    expect(expected).toEqual(brute);
    const rules = [...expected.keys()].map((k) => k.split('|')[1]);
    expect(rules.filter((r) => r === 'amount-anomaly').length).toBeGreaterThan(100);
    expect(rules.filter((r) => r === 'account-takeover').length).toBeGreaterThan(100);
    const ids = [...expected.keys()].map((k) => k.split('|')[0]);
    expect(ids.length - new Set(ids).size).toBeGreaterThan(10); // transactions that raise both
    // unprofiled cards' spikes would alert with a 50 EUR habit: the inner join must drop them
    expect(unknown).toBeGreaterThan(500);
    expect(txs.some((t) => t.cardId.startsWith('card-unknown-') && t.amount >= 50_000 && t.channel === 'e-commerce')).toBe(true);
  });

  it('puts no score of a run up to 500,000 records within 1e-9 of a threshold (a last-bit difference in ln cannot change an alert)', () => {
    const n = 500_000;
    const cards = cardsOf(n);
    let closest = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n - cards; j++) {
      const t = profileTx(j, cards, base);
      if (!t.profile) continue;
      const s = robustScore(t.amount, t.profile);
      closest = Math.min(closest, Math.abs(s - ANOMALY.minRobustScore), Math.abs(s - TAKEOVER.minRobustScore));
    }
    expect(closest).toBeGreaterThan(1e-9);
  });
});
