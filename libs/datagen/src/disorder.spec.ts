import { describe, expect, it } from 'vitest';
import { defaultMalformer, Disorder, NO_DISORDER, type DisorderOptions } from './disorder.js';
import type { Envelope } from './envelope.js';
import { Rng } from './prng.js';

interface Rec {
  id: number;
  ts: number;
}

const N = 100_000;
const STEP_MS = 10; // 100 records per second of event time

/** Runs N envelopes (event time ascending) through the stage; returns the emitted stream. */
function run(opts: Partial<DisorderOptions>, seed = 1) {
  const stage = new Disorder<Rec>({ ...NO_DISORDER, ...opts }, new Rng(seed), defaultMalformer<Rec>('ts'));
  const out: Envelope<Rec>[] = [];
  for (let i = 0; i < N; i++) {
    const t = 1_000_000 + i * STEP_MS;
    stage.push({ seq: i, key: `k${i % 50}`, eventTimeMs: t, emitMs: t, record: { id: i, ts: t } }, out);
  }
  stage.flush(out, 1_000_000 + N * STEP_MS);
  return { out, counts: stage.counts };
}

/** For each emitted envelope: newest event time emitted before it minus its own. */
function lags(out: Envelope<Rec>[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  return out.map((e) => {
    const lag = max - e.eventTimeMs;
    if (e.eventTimeMs > max) max = e.eventTimeMs;
    return lag;
  });
}

/** |observed - expected| within 5 binomial standard deviations. */
function expectFraction(count: number, p: number) {
  const sd = Math.sqrt(N * p * (1 - p));
  expect(Math.abs(count - N * p)).toBeLessThan(5 * sd + 1);
}

describe('Disorder', () => {
  it('passes records through untouched when configured off', () => {
    const { out, counts } = run({});
    expect(out.map((e) => e.seq)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(out.every((e) => e.label === undefined && e.text === undefined)).toBe(true);
    expect(counts).toEqual({ outOfOrder: 0, late: 0, duplicates: 0, malformed: 0 });
  });

  it('holds back the configured fraction out of order, never more than maxDelayMs', () => {
    const { out, counts } = run({ outOfOrder: 0.05, maxDelayMs: 2_000 });
    expectFraction(counts.outOfOrder, 0.05);
    const lag = lags(out);
    const held = out.map((e, i) => ({ e, lag: lag[i]! })).filter((x) => x.e.label?.disorder === 'out-of-order');
    expect(held.length).toBe(counts.outOfOrder);
    expect(Math.max(...held.map((x) => x.lag))).toBeLessThanOrEqual(2_000);
    // They really are out of order: almost all arrive after newer records (mean delay ~1 s, 10 ms apart).
    expect(held.filter((x) => x.lag > 0).length).toBeGreaterThan(0.95 * held.length);
    const mean = held.reduce((a, x) => a + x.e.label!.delayMs!, 0) / held.length;
    expect(mean).toBeGreaterThan(900);
    expect(mean).toBeLessThan(1_100);
    // Records that were not held stay in event-time order.
    const onTime = out.filter((e) => !e.label);
    expect(onTime.every((e, i) => i === 0 || e.eventTimeMs >= onTime[i - 1]!.eventTimeMs)).toBe(true);
  });

  it('makes the configured fraction late: behind by more than lateDelayMs when emitted', () => {
    const { out, counts } = run({ late: 0.02, lateDelayMs: 30_000, lateSpreadMs: 30_000 });
    expectFraction(counts.late, 0.02);
    const lag = lags(out);
    const late = out.map((e, i) => ({ e, lag: lag[i]! })).filter((x) => x.e.label?.disorder === 'late');
    expect(late.length).toBe(counts.late);
    // Except those still held when the stream ended (flushed), every late record is beyond the delay.
    const endT = 1_000_000 + N * STEP_MS;
    const inside = late.filter((x) => x.e.eventTimeMs + x.e.label!.delayMs! < endT - STEP_MS);
    expect(inside.length).toBeGreaterThan(0.9 * late.length); // ~45 s of a 1000 s stream is the tail
    expect(Math.min(...inside.map((x) => x.lag))).toBeGreaterThan(30_000);
    expect(Math.max(...inside.map((x) => x.lag))).toBeLessThanOrEqual(60_000);
    // No other record is that far behind.
    expect(out.filter((e, i) => lag[i]! > 30_000 && e.label?.disorder !== 'late')).toEqual([]);
  });

  it('duplicates the configured fraction: identical record, same seq, copy within maxDelayMs', () => {
    const { out, counts } = run({ duplicates: 0.01, maxDelayMs: 1_000 });
    expectFraction(counts.duplicates, 0.01);
    expect(out.length).toBe(N + counts.duplicates);
    const bySeq = new Map<number, Envelope<Rec>[]>();
    for (const e of out) bySeq.set(e.seq, [...(bySeq.get(e.seq) ?? []), e]);
    const twice = [...bySeq.values()].filter((v) => v.length === 2);
    expect(twice.length).toBe(counts.duplicates);
    for (const [first, copy] of twice) {
      expect(copy!.record).toEqual(first!.record);
      expect(copy!.label?.disorder).toBe('duplicate');
      expect(first!.label).toBeUndefined();
    }
    expect([...bySeq.values()].every((v) => v.length <= 2)).toBe(true);
  });

  it('breaks the configured fraction: unparsable text or a missing/garbled time field', () => {
    const { out, counts } = run({ malformed: 0.01 });
    expectFraction(counts.malformed, 0.01);
    const broken = out.filter((e) => e.label?.disorder === 'malformed');
    expect(broken.length).toBe(counts.malformed);
    const kinds = new Set(broken.map((e) => e.label!.malformed));
    expect(kinds).toEqual(new Set(['missing-time', 'bad-time', 'truncated', 'not-json']));
    for (const e of broken) {
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = JSON.parse(e.text!) as Record<string, unknown>;
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) expect(typeof parsed['ts']).not.toBe('number');
    }
    expect(out.filter((e) => !e.label).every((e) => e.text === undefined)).toBe(true);
  });

  it('combines all kinds, emits every record, and is the same for the same seed', () => {
    const opts = { outOfOrder: 0.05, late: 0.02, duplicates: 0.01, malformed: 0.01, lateDelayMs: 10_000, lateSpreadMs: 5_000 };
    const a = run(opts, 7);
    const b = run(opts, 7);
    const c = run(opts, 8);
    expect(new Set(a.out.map((e) => e.seq)).size).toBe(N);
    expect(a.out.length).toBe(N + a.counts.duplicates);
    expect(JSON.stringify(a.out)).toBe(JSON.stringify(b.out));
    expect(JSON.stringify(a.out)).not.toBe(JSON.stringify(c.out));
    expectFraction(a.counts.outOfOrder, 0.05);
    expectFraction(a.counts.late, 0.02);
  });
});
