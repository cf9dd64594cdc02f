/**
 * Fraud alerts scored against the simulator's ground truth with datagen's `scoreDetections`: an
 * alert is a detection of its rule, about its card, citing its evidence's transactions. Pure: the
 * evaluation command feeds it the simulator's labels and the pipelines' alerts.
 */
import { scoreDetections, type Detection, type Scorecard, type TruthIncident } from '@streamlab/datagen';
import type { Alert } from '../domain/alert.js';

/** After an incident ends, alerts on its cards still count as about it for this long. */
export const GRACE_MS = 5 * 60_000;

/**
 * One alert per `dedupKey`: overlapping sliding windows that saw the same burst are one alert to an
 * analyst (the earliest one counts, for the delay).
 *
 * @example
 * dedupAlerts([a, a]).length; // 1
 */
export function dedupAlerts(alerts: readonly Alert[]): Alert[] {
  return [
    ...new Map(
      [...alerts]
        .sort((a, b) => a.eventTime - b.eventTime)
        .reverse()
        .map((a) => [a.dedupKey, a]),
    ).values(),
  ];
}

/**
 * An alert as a detection: of its rule, about its card (none for a merchant alert), citing its
 * evidence's transaction ids.
 *
 * @example
 * detectionOf(alert); // { key: 'card-1', timeMs: ..., kind: 'velocity', evidence: ['tx-1'] }
 */
export function detectionOf(alert: Alert): Detection {
  return { ...(alert.cardId ? { key: alert.cardId } : {}), timeMs: alert.eventTime, kind: alert.rule, evidence: alert.evidence.map((e) => e.txId) };
}

/**
 * Scores alerts (deduplicated by `dedupKey`) against incidents whose `recordIds` are transaction
 * ids. An alert is about an incident when its evidence holds one of the incident's transactions, or
 * it names one of the incident's cards from the incident's first record to `GRACE_MS` after its end
 * (inclusive). Precision uses every incident; recall and delay only those `scored` accepts (e.g.
 * the ones that began in the scored span, while alerts about incidents of a run's tail still count
 * as right). Scenarios and rules come sorted by name.
 *
 * @example
 * const card = score(alerts, incidents);
 * card.overall.recall; // 0..1
 */
export function score(alerts: readonly Alert[], incidents: readonly TruthIncident[], scored: (i: TruthIncident) => boolean = () => true): Scorecard {
  const card = scoreDetections(incidents, dedupAlerts(alerts).map(detectionOf), {
    graceMs: GRACE_MS,
    windowStart: 'firstRecordMs',
    windowEnd: 'inclusive',
    scored,
  });
  return {
    ...card,
    scenarios: [...card.scenarios].sort((a, b) => (a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : 0)),
    kinds: [...card.kinds].sort((a, b) => a.kind.localeCompare(b.kind)),
  };
}
