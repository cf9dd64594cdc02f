/**
 * Plausible physiology, one second at a time: a patient's own baseline, a circadian drift (heart
 * rate, blood pressure and temperature lowest at night), a shared "arousal" state that moves heart
 * rate, breathing and blood pressure together (correlated changes), per-vital noise with memory
 * (AR(1): a heart rate does not jump by 10 every second), and the deterioration an incident adds.
 */
import type { Rng } from '@streamlab/datagen';
import type { Acvpu } from '../domain/news2.js';

/** A patient's resting values. */
export interface Baseline {
  hr: number;
  rr: number;
  spo2: number;
  sbp: number;
  dbp: number;
  temp: number;
}

/** What an incident adds at the current moment (deltas, already scaled by its severity). */
export interface Effect {
  hr: number;
  rr: number;
  spo2: number;
  sbp: number;
  temp: number;
  /** Beat-to-beat irregularity (atrial fibrillation), bpm of extra noise. */
  hrJitter: number;
  acvpu: Acvpu;
  /** The team puts the patient on oxygen. */
  oxygen: boolean;
}

export const NO_EFFECT: Effect = { hr: 0, rr: 0, spo2: 0, sbp: 0, temp: 0, hrJitter: 0, acvpu: 'A', oxygen: false };

/** The slow-moving part of a patient's physiology (state carried from second to second). */
export interface PhysioState {
  /** Shared arousal (AR(1), ~0 ± 1): correlated changes of HR, RR and BP. */
  arousal: number;
  hrNoise: number;
  rrNoise: number;
  spo2Noise: number;
}

export function newPhysioState(): PhysioState {
  return { arousal: 0, hrNoise: 0, rrNoise: 0, spo2Noise: 0 };
}

const HOUR = 3_600_000;

/**
 * The circadian factor at `ms`: -1 at 04:00, +1 at 16:00 (UTC, the simulated hospital's clock).
 *
 * @example
 * circadian(Date.parse('2026-01-05T16:00:00Z')); // 1
 */
export function circadian(ms: number): number {
  const hour = (ms % (24 * HOUR)) / HOUR;
  return Math.cos(((hour - 16) / 24) * 2 * Math.PI);
}

/** Advances the noise processes by one second. AR(1) with these coefficients keeps each near its sd. */
export function advance(s: PhysioState, rng: Rng): void {
  s.arousal = 0.995 * s.arousal + rng.normal(0, 0.1);
  s.hrNoise = 0.9 * s.hrNoise + rng.normal(0, 0.9);
  s.rrNoise = 0.98 * s.rrNoise + rng.normal(0, 0.2);
  s.spo2Noise = 0.95 * s.spo2Noise + rng.normal(0, 0.25);
}

/** Vital values now (before artifacts), rounded as a monitor shows them. */
export interface Vitals {
  hr: number;
  rr: number;
  spo2: number;
  sbp: number;
  dbp: number;
  temp: number;
}

/**
 * The vitals at `ms` from the baseline, the state and the effect of any incident.
 *
 * @example
 * vitalsAt(baseline, state, NO_EFFECT, now, rng).hr; // about baseline.hr
 */
export function vitalsAt(b: Baseline, s: PhysioState, e: Effect, ms: number, rng: Rng): Vitals {
  const c = circadian(ms);
  const hr = b.hr + 4 * c + 5 * s.arousal + s.hrNoise + e.hr + (e.hrJitter > 0 ? rng.normal(0, e.hrJitter) : 0);
  const rr = b.rr + 0.8 * c + 1.2 * s.arousal + s.rrNoise + e.rr;
  const spo2 = Math.min(100, b.spo2 + s.spo2Noise + e.spo2);
  const sbp = b.sbp + 6 * c + 6 * s.arousal + rng.normal(0, 4) + e.sbp;
  const dbp = b.dbp + 3 * c + 3 * s.arousal + rng.normal(0, 3) + e.sbp * 0.5;
  const temp = b.temp + 0.3 * c + rng.normal(0, 0.1) + e.temp;
  return {
    hr: Math.round(Math.max(20, hr)),
    rr: Math.round(Math.max(4, rr)),
    spo2: Math.round(Math.max(60, spo2)),
    sbp: Math.round(Math.max(50, sbp)),
    dbp: Math.round(Math.max(25, Math.min(dbp, sbp - 15))),
    temp: Math.round(temp * 10) / 10,
  };
}

/**
 * A resting baseline for a patient; COPD patients live at 88–92 %.
 *
 * @example
 * baseline(rng, true).spo2; // 88..92
 */
export function baseline(rng: Rng, copd: boolean): Baseline {
  const sbp = rng.range(115, 150);
  return {
    hr: rng.range(62, 84),
    rr: rng.range(14, 18),
    spo2: copd ? rng.range(89, 92) : rng.range(96, 99),
    sbp,
    dbp: sbp * rng.range(0.55, 0.65),
    temp: rng.range(36.4, 37.2),
  };
}
