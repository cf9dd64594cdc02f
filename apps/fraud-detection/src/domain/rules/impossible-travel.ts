/**
 * Impossible travel: the same card used in person in two places further apart than any traveller
 * could go in the time between. A cloned card is being used while the real one is in a pocket.
 */
import { evidenceOf, makeAlert, type Alert, type EvidenceRow } from '../alert.js';
import { haversineKm, speedKmh } from '../geo.js';
import type { RulesConfig } from '../rules-config.js';
import type { Transaction } from '../schemas.js';

/** Only a physical card at a physical place pins the card to a location. */
export function isPhysical(tx: Pick<Transaction, 'channel'>): boolean {
  return tx.channel === 'card-present' || tx.channel === 'atm';
}

/**
 * Compares two physical uses of one card; returns an alert when the speed between them is
 * impossible.
 *
 * @example
 * impossibleTravel(lastSeenInParis, nowInNewYork, DEFAULT_RULES.impossibleTravel);
 */
export function impossibleTravel(prev: EvidenceRow, next: EvidenceRow, cfg: RulesConfig['impossibleTravel']): Alert | null {
  const km = haversineKm(prev, next);
  if (km < cfg.minDistanceKm) return null;
  const speed = speedKmh({ lat: prev.lat, lon: prev.lon, time: prev.eventTime }, { lat: next.lat, lon: next.lon, time: next.eventTime });
  if (speed <= cfg.maxSpeedKmh) return null;
  const [first, second] = prev.eventTime <= next.eventTime ? [prev, next] : [next, prev];
  const minutes = Math.abs(next.eventTime - prev.eventTime) / 60_000;
  const speedText = Number.isFinite(speed) ? `${Math.round(speed).toLocaleString('en-US')} km/h` : 'at the same instant';
  return makeAlert({
    rule: 'impossible-travel',
    entityType: 'card',
    entityId: next.cardId,
    eventTime: Math.max(prev.eventTime, next.eventTime),
    score: Number.isFinite(speed) ? Math.min(1, 0.75 + 0.25 * Math.min(1, speed / (cfg.maxSpeedKmh * 10))) : 1,
    reason: `used in ${first.city} (${first.country}) then ${second.city} (${second.country}), ${Math.round(km)} km in ${minutes.toFixed(1)} min: ${speedText}`,
    evidence: [first, second],
    metrics: { distanceKm: Math.round(km), speedKmh: Number.isFinite(speed) ? Math.round(speed) : -1, minutes: Math.round(minutes * 10) / 10 },
  });
}

/** The per-card state of the impossible-travel query: the latest physical use seen. */
export interface TravelState {
  last: EvidenceRow;
}

/**
 * One step of the per-card state machine: takes the previous state and this batch's transactions
 * of one card (any order), returns the new state and the alerts. Each physical use is compared
 * with the one just before it in event time; a late use older than the state is compared with
 * the state but does not replace it.
 *
 * @example
 * const { state, alerts } = travelStep(undefined, cardTxs, DEFAULT_RULES.impossibleTravel);
 */
export function travelStep(
  state: TravelState | undefined,
  txs: readonly Transaction[],
  cfg: RulesConfig['impossibleTravel'],
): { state: TravelState | undefined; alerts: Alert[] } {
  const physical = txs.filter(isPhysical).sort((a, b) => a.eventTime - b.eventTime);
  const alerts: Alert[] = [];
  let last = state?.last;
  for (const tx of physical) {
    const row = evidenceOf(tx);
    if (last) {
      const alert = impossibleTravel(last, row, cfg);
      if (alert) alerts.push(alert);
    }
    if (!last || row.eventTime >= last.eventTime) last = row;
  }
  return { state: last ? { last } : undefined, alerts };
}
