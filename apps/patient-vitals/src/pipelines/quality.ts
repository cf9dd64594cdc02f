/**
 * Pipeline 1, quality. Concepts: deduplication within the watermark (a gateway that resends a
 * message after a lost ack must not count twice: `dropDuplicatesWithinWatermark('messageId')`),
 * then `flatMap` (Spark's `explode`): one row per sample, at the time it was taken.
 *
 * Each sample gets a verdict (`checkSample`, pure): an **impossible** value (a heart rate of 400,
 * a saturation over 100 %, a sample taken after it was sent) cannot be a patient's and goes to the
 * dead-letter topic with its reason; a **suspect** one (SpO2 0 or missing: a probe off; a heart
 * rate over 220 for a second: motion) is kept and flagged, so the per-minute values leave it out
 * and say how many they left out, and nothing disappears silently.
 */
import type { Stream } from '@streamlab/core';
import type { MonitorMessage, MonitorVital, Sample } from '../domain/records.js';

/**
 * How far behind the newest message a duplicate is still recognised, and a sample still counts in
 * its minute. A minute: delivery is out of order by seconds; a monitor's buffer after a
 * disconnection (minutes old) is late anyway, and counted as such, never silently folded in.
 */
export const MESSAGE_WATERMARK = '1 minute';

export type Quality = 'ok' | 'suspect';

/** One sample after the quality check. */
export interface VitalSample {
  patientId: string;
  vital: MonitorVital;
  /** null: the monitor had no reading (always `suspect`). */
  value: number | null;
  /** When it was taken (epoch ms). */
  eventTime: number;
  quality: Quality;
  /** Why it is suspect, or null. */
  flag: string | null;
}

/** A sample no patient could have produced: for the dead-letter topic, with its reason. */
export interface RejectedSample {
  messageId: string;
  patientId: string;
  vital: MonitorVital;
  value: number | null;
  eventTime: number;
  reason: string;
}

/** Physically possible ranges: outside them the value is a device or transmission fault. */
export const POSSIBLE: Readonly<Record<MonitorVital, readonly [number, number]>> = {
  hr: [0, 300],
  spo2: [0, 100],
  rr: [0, 80],
  sbp: [20, 300],
  dbp: [10, 200],
};

/** Possible but physiologically unlikely for a ward patient over one sample: flagged, kept. */
const SUSPECT: Readonly<Record<MonitorVital, readonly [number, number]>> = {
  hr: [25, 220],
  spo2: [50, 100],
  rr: [4, 60],
  sbp: [50, 260],
  dbp: [20, 160],
};

/** A sample may be taken up to this long after the message's send time (clock skew between monitor and gateway). */
const FUTURE_TOLERANCE_MS = 60_000;

export type Verdict = { verdict: 'ok'; flag: null } | { verdict: 'suspect'; flag: string } | { verdict: 'impossible'; reason: string };

/**
 * The verdict on one sample of a message sent at `sentAt`.
 *
 * @example
 * checkSample({ vital: 'hr', value: 400, t: 0 }, 0); // { verdict: 'impossible', reason: 'hr 400 outside 0–300' }
 * checkSample({ vital: 'spo2', value: 0, t: 0 }, 0); // { verdict: 'suspect', flag: 'probe off (SpO2 0)' }
 */
export function checkSample(s: Sample, sentAt: number): Verdict {
  const t = s.t as number;
  if (t > sentAt + FUTURE_TOLERANCE_MS) return { verdict: 'impossible', reason: `${s.vital} taken ${Math.round((t - sentAt) / 1000)} s after it was sent` };
  if (s.value === null) return { verdict: 'suspect', flag: s.vital === 'spo2' ? 'probe off (no SpO2)' : `no ${s.vital} reading` };
  const [lo, hi] = POSSIBLE[s.vital];
  if (!(s.value >= lo && s.value <= hi)) return { verdict: 'impossible', reason: `${s.vital} ${s.value} outside ${lo}–${hi}` };
  if (s.vital === 'spo2' && s.value === 0) return { verdict: 'suspect', flag: 'probe off (SpO2 0)' };
  const [slo, shi] = SUSPECT[s.vital];
  if (s.value < slo || s.value > shi)
    return { verdict: 'suspect', flag: s.vital === 'hr' && s.value > shi ? 'motion artifact?' : `${s.vital} ${s.value} implausible` };
  return { verdict: 'ok', flag: null };
}

/**
 * Messages once each (by `messageId`, within the watermark).
 *
 * @example
 * uniqueMessages(messages).flatMap(...)
 */
export function uniqueMessages(messages: Stream<MonitorMessage>): Stream<MonitorMessage> {
  return messages.withWatermark('eventTime', MESSAGE_WATERMARK).dropDuplicatesWithinWatermark('messageId');
}

/**
 * Every sample that could be a patient's, flagged when suspect.
 *
 * @example
 * qualitySamples(messages).writeStream.outputMode('append').sink(sink).start();
 */
export function qualitySamples(messages: Stream<MonitorMessage>): Stream<VitalSample> {
  return uniqueMessages(messages).flatMap((m) => {
    const out: VitalSample[] = [];
    for (const s of m.samples) {
      const v = checkSample(s, m.eventTime);
      if (v.verdict === 'impossible') continue;
      out.push({ patientId: m.patientId, vital: s.vital, value: s.value, eventTime: s.t as number, quality: v.verdict, flag: v.flag });
    }
    return out;
  });
}

/**
 * The impossible samples, each with its reason (for the dead-letter topic).
 *
 * @example
 * rejectedSamples(messages).writeStream.outputMode('append').sink(deadLetterSink).start();
 */
export function rejectedSamples(messages: Stream<MonitorMessage>): Stream<RejectedSample> {
  return uniqueMessages(messages).flatMap((m) => {
    const out: RejectedSample[] = [];
    for (const s of m.samples) {
      const v = checkSample(s, m.eventTime);
      if (v.verdict === 'impossible')
        out.push({ messageId: m.messageId, patientId: m.patientId, vital: s.vital, value: s.value, eventTime: s.t as number, reason: v.reason });
    }
    return out;
  });
}
