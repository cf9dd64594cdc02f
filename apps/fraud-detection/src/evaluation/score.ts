/**
 * Scoring detection against ground truth: which alerts are right (precision), which incidents were
 * caught (recall), and how soon (delay from the fraud's first record to the first alert, in event
 * time). Pure: the evaluation command feeds it the simulator's labels and the pipelines' alerts.
 */
import type { Alert, RuleId } from '../domain/alert.js';

/** A fraud incident as the simulator labelled it. */
export interface TruthIncident {
  id: string;
  scenario: string;
  /** Cards involved. */
  keys: readonly string[];
  endMs: number;
  /** Event time of the incident's first labelled record. */
  firstRecordMs: number;
  /** Transaction ids of its labelled records. */
  txIds: readonly string[];
}

export interface ScenarioScore {
  scenario: string;
  incidents: number;
  detected: number;
  recall: number;
  /** Median delay of detected incidents, ms of event time (NaN when none was detected). */
  medianDelayMs: number;
}

export interface RuleScore {
  rule: RuleId;
  alerts: number;
  truePositives: number;
  precision: number;
  /** Alerts whose own evidence holds a labelled fraud record (a stricter notion of right). */
  evidenceTruePositives: number;
  evidencePrecision: number;
}

export interface Scorecard {
  overall: {
    incidents: number;
    detected: number;
    recall: number;
    alerts: number;
    truePositives: number;
    precision: number;
    evidencePrecision: number;
    medianDelayMs: number;
  };
  scenarios: ScenarioScore[];
  rules: RuleScore[];
  /** How many incidents of each scenario each rule caught. */
  matrix: Record<string, Partial<Record<RuleId, number>>>;
}

/** After an incident ends, alerts on its cards still count as about it for this long. */
export const GRACE_MS = 5 * 60_000;

/**
 * The median of a list (NaN when empty).
 *
 * @example
 * medianOf([3, 1, 2]); // 2
 */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The incidents an alert is about: those whose labelled records are in its evidence, or whose
 * cards it names while the incident is on (from its first record to `GRACE_MS` after its end).
 *
 * @example
 * incidentsOf(alert, byTx, byCard);
 */
function incidentsOf(alert: Alert, byTx: Map<string, TruthIncident>, byCard: Map<string, TruthIncident[]>): Set<TruthIncident> {
  const out = new Set<TruthIncident>();
  for (const e of alert.evidence) {
    const inc = byTx.get(e.txId);
    if (inc) out.add(inc);
  }
  if (alert.cardId) {
    for (const inc of byCard.get(alert.cardId) ?? []) {
      if (alert.eventTime >= inc.firstRecordMs && alert.eventTime <= inc.endMs + GRACE_MS) out.add(inc);
    }
  }
  return out;
}

/**
 * Scores alerts (deduplicated by `dedupKey`) against incidents. Precision uses every incident;
 * recall and delay only those `scored` accepts (e.g. the ones that began in the scored span, while
 * alerts about incidents of a run's tail still count as right).
 *
 * @example
 * const card = score(alerts, incidents);
 * card.overall.recall; // 0..1
 */
export function score(alerts: readonly Alert[], allIncidents: readonly TruthIncident[], scored: (i: TruthIncident) => boolean = () => true): Scorecard {
  const incidents = allIncidents.filter(scored);
  // One alert per dedupKey: overlapping sliding windows that saw the same burst are one alert to
  // an analyst (the earliest one counts, for the delay).
  const unique = [...new Map([...alerts].sort((a, b) => a.eventTime - b.eventTime).reverse().map((a) => [a.dedupKey, a])).values()];
  const byTx = new Map<string, TruthIncident>();
  const byCard = new Map<string, TruthIncident[]>();
  for (const inc of allIncidents) {
    for (const tx of inc.txIds) byTx.set(tx, inc);
    for (const k of inc.keys) byCard.set(k, [...(byCard.get(k) ?? []), inc]);
  }
  const firstAlert = new Map<TruthIncident, number>();
  const caughtBy = new Map<TruthIncident, Set<RuleId>>();
  const rules = new Map<RuleId, RuleScore>();
  let tp = 0;
  let evidenceTp = 0;
  for (const a of unique) {
    const r = rules.get(a.rule) ?? { rule: a.rule, alerts: 0, truePositives: 0, precision: 0, evidenceTruePositives: 0, evidencePrecision: 0 };
    rules.set(a.rule, r);
    r.alerts += 1;
    if (a.evidence.some((e) => byTx.has(e.txId))) {
      r.evidenceTruePositives += 1;
      evidenceTp += 1;
    }
    const about = incidentsOf(a, byTx, byCard);
    if (about.size === 0) continue;
    r.truePositives += 1;
    tp += 1;
    for (const inc of about) {
      firstAlert.set(inc, Math.min(firstAlert.get(inc) ?? Number.POSITIVE_INFINITY, a.eventTime));
      const set = caughtBy.get(inc) ?? new Set<RuleId>();
      set.add(a.rule);
      caughtBy.set(inc, set);
    }
  }
  const delayOf = (inc: TruthIncident) => Math.max(0, firstAlert.get(inc)! - inc.firstRecordMs);
  const names = [...new Set(incidents.map((i) => i.scenario))].sort();
  const scenarios = names.map((scenario) => {
    const list = incidents.filter((i) => i.scenario === scenario);
    const hit = list.filter((i) => firstAlert.has(i));
    return { scenario, incidents: list.length, detected: hit.length, recall: list.length ? hit.length / list.length : Number.NaN, medianDelayMs: medianOf(hit.map(delayOf)) };
  });
  const matrix: Scorecard['matrix'] = {};
  const scoredSet = new Set(incidents);
  for (const [inc, set] of caughtBy) {
    if (!scoredSet.has(inc)) continue;
    const row = (matrix[inc.scenario] ??= {});
    for (const rule of set) row[rule] = (row[rule] ?? 0) + 1;
  }
  for (const r of rules.values()) {
    r.precision = r.alerts ? r.truePositives / r.alerts : Number.NaN;
    r.evidencePrecision = r.alerts ? r.evidenceTruePositives / r.alerts : Number.NaN;
  }
  const detected = incidents.filter((i) => firstAlert.has(i));
  return {
    overall: {
      incidents: incidents.length,
      detected: detected.length,
      recall: incidents.length ? detected.length / incidents.length : Number.NaN,
      alerts: unique.length,
      truePositives: tp,
      precision: unique.length ? tp / unique.length : Number.NaN,
      evidencePrecision: unique.length ? evidenceTp / unique.length : Number.NaN,
      medianDelayMs: medianOf(detected.map(delayOf)),
    },
    scenarios,
    rules: [...rules.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
    matrix,
  };
}
