import { describe, expect, it } from 'vitest';
import { GAP_MS, session, sessionTime } from './session.js';

const base = Date.UTC(2026, 11, 6);
const KEYS = 200;

describe('the session workload', () => {
  it('gives each key non-decreasing event times: bursts 2 s apart and gaps of 28, 30 and 32 s between them', () => {
    const gaps = new Set<number>();
    for (let k = 0; k < KEYS; k++) {
      for (let i = k + KEYS; i < 200_000; i += KEYS) gaps.add(sessionTime(i, base) - sessionTime(i - KEYS, base));
    }
    expect([...gaps].sort((a, b) => a - b)).toEqual([0, 2_000, 28_000, 30_000, 32_000]);
  });

  it('keeps a gap of exactly 30 s inside one session, and splits sessions on 32 s', () => {
    const n = 200_000;
    const expected = session.expected(n, base);
    const byKey = new Map<string, { start: number; end: number; count: number }[]>();
    let records = 0;
    for (const [k, v] of expected) {
      const [key, start] = k.split('|') as [string, string];
      const [count, , end] = v.split(' ').map(Number) as [number, number, number];
      records += count;
      byKey.set(key, [...(byKey.get(key) ?? []), { start: Number(start), end, count }]);
    }
    expect(records).toBe(n - KEYS);
    for (const sessions of byKey.values()) {
      sessions.sort((a, b) => a.start - b.start);
      // sessions of a key are more than one gap apart: the last event of one and the first of the next
      for (let s = 1; s < sessions.length; s++) expect(sessions[s]!.start - (sessions[s - 1]!.end - GAP_MS)).toBe(32_000);
    }
    // a 30 s gap of key 0 lies inside one of its sessions
    let exact = -1;
    for (let i = KEYS; i < n && exact < 0; i += KEYS) if (sessionTime(i, base) - sessionTime(i - KEYS, base) === 30_000) exact = sessionTime(i, base);
    expect(exact).toBeGreaterThan(0);
    expect(byKey.get('user-0')!.some((s) => s.start < exact - 30_000 + 1 && exact < s.end)).toBe(true);
  });

  it('puts the last record of each key 15 minutes after all others, so every other session closes', () => {
    const n = 20_000;
    const last = (i: number) => session.record(i, n, base).timestamp as number;
    let before = 0;
    for (let i = 0; i < n - KEYS; i++) before = Math.max(before, last(i));
    for (let i = n - KEYS; i < n; i++) expect(last(i) - before).toBeGreaterThan(10 * 60_000 + GAP_MS);
  });

  it('reads the end of a session as last event time plus the gap', () => {
    expect(session.result(Buffer.from('{"key":"user-1","start":1000,"end":61000,"count":3,"sum":7}'))).toEqual(['user-1|1000', '3 7 61000']);
  });
});
