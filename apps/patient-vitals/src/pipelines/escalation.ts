/**
 * Pipeline 4, escalation alerts at the RCP's NEWS2 thresholds: a 3 in a single parameter
 * (low–medium: urgent ward-based response), a total of 5–6 (medium: urgent response), 7 or more
 * (high: emergency response). Concept: `flatMapGroupsWithState` as a per-patient alert policy.
 *
 * Alarm fatigue is the failure mode of every ward alerting system, so the policy is explicit:
 * - no repeat of a level within 30 minutes of its last alert (a score that hovers between 6 and 7
 *   raises one high alert, not one a minute);
 * - escalation re-alerts at once: a patient who goes from medium to high is alerted again
 *   immediately, whatever the 30 minutes say about medium;
 * - a lower level is silent while a higher one was alerted within 30 minutes (it is covered);
 * - a patient who stays at a level is alerted again every 30 minutes (the score's 15-minute
 *   heartbeat rows make that happen without new data);
 * - confirmation: a total of 7 or more alerts at once; a single 3 must hold for 10 minutes and a
 *   total of 5–6 for 15 minutes first; while the monitor reports motion (the patient is up), any
 *   level must hold for 15 minutes. NEWS2 is defined on resting observations, and a minute's
 *   median while a patient walks to the bathroom (a heart rate of 105, breathing at 21, on oxygen:
 *   5) is not one; a real deterioration holds for hours, so the cost is minutes of lead time,
 *   which the trend detector more than makes up. `ESCALATION_DEFAULTS` is the policy as data.
 */
import type { GroupState, Stream } from '@streamlab/core';
import type { Alert, Severity } from '../domain/alert.js';
import { type ParamScore, RISK_RANK } from '../domain/news2.js';
import type { News2Row } from './news2-scores.js';

export interface EscalationConfig {
  /** No repeat of a level (or a lower one) within this long of its alert. */
  repeatAfterMs: number;
  /** How long a level must hold before it alerts. */
  confirmMs: Readonly<Record<AlertLevel, number>>;
  /** How long any level must hold while the patient is active (motion on the monitor). */
  activeConfirmMs: number;
}

export const ESCALATION_DEFAULTS: EscalationConfig = {
  repeatAfterMs: 30 * 60_000,
  confirmMs: { high: 0, medium: 15 * 60_000, 'low-medium': 10 * 60_000 },
  activeConfirmMs: 15 * 60_000,
};
/** Alerts at once (the policy without confirmation), e.g. to test the thresholds alone. */
export const IMMEDIATE: EscalationConfig = { ...ESCALATION_DEFAULTS, confirmMs: { high: 0, medium: 0, 'low-medium': 0 }, activeConfirmMs: 0 };
const LEVELS: readonly AlertLevel[] = ['low-medium', 'medium', 'high'];

export type AlertLevel = 'low-medium' | 'medium' | 'high';
const SEVERITY: Readonly<Record<AlertLevel, Severity>> = { high: 'critical', medium: 'high', 'low-medium': 'medium' };
const RESPONSE: Readonly<Record<AlertLevel, string>> = {
  high: 'emergency response',
  medium: 'urgent response',
  'low-medium': 'urgent ward-based response',
};
const LABEL: Readonly<Record<string, string>> = { rr: 'RR', spo2: 'SpO2', o2: 'O2', sbp: 'SBP', hr: 'HR', acvpu: 'ACVPU', temp: 'Temp' };

/** @example levelOf({ risk: 'medium', ... }); // 'medium' */
export function levelOf(r: Pick<News2Row, 'risk'>): AlertLevel | null {
  return r.risk === 'high' || r.risk === 'medium' || r.risk === 'low-medium' ? r.risk : null;
}

/**
 * What scored, for the alert's reason: `RR 26 (3) · SpO2 91 (3)`.
 *
 * @example
 * scoredParams(row.breakdown); // 'RR 26 (3) · HR 112 (2)'
 */
export function scoredParams(breakdown: readonly ParamScore[]): string {
  const parts: string[] = [];
  for (const p of breakdown) {
    if (p.points === null || p.points === 0) continue;
    const v = p.param === 'o2' ? 'oxygen' : typeof p.value === 'number' ? String(Math.round(p.value * 10) / 10) : String(p.value);
    parts.push(`${LABEL[p.param]} ${v} (${p.points})`);
  }
  return parts.join(' · ');
}

interface PolicyState {
  /** When each level was last alerted. */
  last: Partial<Record<AlertLevel, number>>;
  /** Since when the patient has scored at or above each level, without a break. */
  since: Partial<Record<AlertLevel, number>>;
}

/**
 * The per-patient alert policy (exported for `testGroupState`).
 *
 * @example
 * scores.groupByKey((r) => r.patientId).flatMapGroupsWithState(escalationPolicy(), { outputMode: 'append', timeout: 'none' });
 */
export const escalationPolicy =
  (config: EscalationConfig = ESCALATION_DEFAULTS) =>
  (patientId: string, rows: News2Row[], state: GroupState<PolicyState>): Alert[] => {
    const s = state.getOption() ?? { last: {}, since: {} };
    const out: Alert[] = [];
    for (const r of [...rows].sort((a, b) => a.eventTime - b.eventTime)) {
      const current = levelOf(r);
      const rank = current === null ? 0 : RISK_RANK[current];
      for (const l of LEVELS) {
        if (RISK_RANK[l] <= rank) s.since[l] ??= r.eventTime;
        else delete s.since[l];
      }
      // the highest level that has held long enough
      let level: AlertLevel | null = null;
      for (const l of LEVELS)
        if (s.since[l] !== undefined && r.eventTime - s.since[l] >= (r.active ? Math.max(config.activeConfirmMs, config.confirmMs[l]) : config.confirmMs[l]))
          level = l;
      if (level === null) continue;
      const levelRank = RISK_RANK[level];
      let covered = false;
      for (const [l, t] of Object.entries(s.last) as [AlertLevel, number][])
        if (RISK_RANK[l] >= levelRank && r.eventTime - t < config.repeatAfterMs) covered = true;
      if (covered) continue;
      s.last[level] = r.eventTime;
      const gaps = r.complete ? '' : ` · incomplete: ${r.gaps}`;
      const held = r.eventTime - (s.since[level] ?? r.eventTime);
      const heldText = held > 0 ? ` · for ${Math.round(held / 60_000)} min` : '';
      out.push({
        alertId: `${patientId}:news2:${level}:${r.eventTime}`,
        patientId,
        eventTime: r.eventTime,
        kind: 'news2',
        level,
        severity: SEVERITY[level],
        total: r.total,
        reason: `NEWS2 ${r.total} (${level}: ${RESPONSE[level]}) — ${scoredParams(r.breakdown)}${heldText}${gaps}`,
      });
    }
    state.update(s);
    return out;
  };

/**
 * NEWS2 escalation alerts.
 *
 * @example
 * escalationAlerts(scores).writeStream.outputMode('append').sink(alertsSink).start();
 */
export function escalationAlerts(scores: Stream<News2Row>, config: EscalationConfig = ESCALATION_DEFAULTS): Stream<Alert> {
  return scores.groupByKey((r) => r.patientId).flatMapGroupsWithState(escalationPolicy(config), { outputMode: 'append', timeout: 'none' });
}
