/**
 * What the ward screens show, from the queries' rows (pure, browser-safe, specced in Node): the
 * latest NEWS2 per patient joined with the census (names are resolved here, in the browser, from
 * the token-protected census: no topic carries them), a vital's per-minute series, alert state.
 */
import type { AckRow, Alert, CensusRow, MinuteValue, News2Row } from '../queries.js';

export interface BedView {
  patientId: string;
  ward: string;
  bed: string;
  name: string;
  risk: News2Row['risk'] | 'unknown';
  total: number | null;
  trend: News2Row['trend'] | null;
  /** Some parameter is stale (data stopped) — shown as a marker, never as a reassuring score. */
  stale: boolean;
  complete: boolean;
  gaps: string;
  asOf: number | null;
}

/**
 * The newest row per patient (by event time; append-mode tables hold history).
 *
 * @example
 * latestBy([{ patientId: 'a', eventTime: 2 }, { patientId: 'a', eventTime: 1 }], 'patientId').get('a')?.eventTime; // 2
 */
export function latestBy<T extends { eventTime: number | string }>(rows: readonly T[], key: keyof T): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    const k = String(r[key]);
    const prev = out.get(k);
    if (!prev || Number(r.eventTime) >= Number(prev.eventTime)) out.set(k, r);
  }
  return out;
}

/**
 * The bed grid: every admitted patient, with their latest score, ward by ward and bed by bed.
 *
 * @example
 * wardBeds(census, news2)[0]; // { bed: 'AMU-01', name: '...', risk: 'low', total: 1, trend: 'steady', stale: false, ... }
 */
export function wardBeds(census: readonly CensusRow[], news2: readonly News2Row[]): BedView[] {
  const latest = latestBy(news2, 'patientId');
  return [...census]
    .sort((a, b) => a.ward.localeCompare(b.ward) || a.bed.localeCompare(b.bed))
    .map((c) => {
      const s = latest.get(c.patientId);
      return {
        patientId: c.patientId,
        ward: c.ward,
        bed: c.bed,
        name: c.name,
        risk: s?.risk ?? 'unknown',
        total: s?.total ?? null,
        trend: s?.trend ?? null,
        stale: s?.gaps.includes('stale') ?? false,
        complete: s?.complete ?? false,
        gaps: s?.gaps ?? '',
        asOf: s?.eventTime ?? null,
      };
    });
}

/**
 * One vital of one patient as uPlot columns: seconds and values, oldest first (null where the
 * minute had no value, so the line breaks instead of inventing one).
 *
 * @example
 * vitalSeries(minutes, 'pt-000001', 'hr'); // [[1767600060, ...], [78, ...]]
 */
export function vitalSeries(minutes: readonly MinuteValue[], patientId: string, vital: MinuteValue['vital'], maxPoints = 240): [number[], (number | null)[]] {
  const pts = minutes.filter((m) => m.patientId === patientId && m.vital === vital).sort((a, b) => a.eventTime - b.eventTime);
  const tail = pts.slice(-maxPoints);
  return [tail.map((m) => m.eventTime / 1000), tail.map((m) => m.value)];
}

/**
 * Median time to acknowledge over acknowledged alerts (ms), or null.
 *
 * @example
 * medianTta([{ ttaMs: 60_000 }, { ttaMs: 180_000 }, { ttaMs: null }]); // 120000
 */
export function medianTta(rows: readonly Pick<AckRow, 'ttaMs'>[]): number | null {
  const xs = rows
    .map((r) => r.ttaMs)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** Which alerts were acknowledged (the join's rows), by alert id, with their time to acknowledge. */
export function acknowledged(rows: readonly AckRow[]): Map<string, AckRow> {
  const out = new Map<string, AckRow>();
  for (const r of rows) if (r.ackedAt !== null) out.set(r.alertId, r);
  return out;
}

/** Newest first, at most `max`. */
export function newestAlerts(alerts: readonly Alert[], max: number, patientId?: string): Alert[] {
  return alerts
    .filter((a) => patientId === undefined || a.patientId === patientId)
    .sort((a, b) => Number(b.eventTime) - Number(a.eventTime))
    .slice(0, max);
}
