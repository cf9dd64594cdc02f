/**
 * Scoring a detector against the simulator's ground truth: which detections are right
 * (precision), which incidents were caught (recall), and how soon (event-time delay from the
 * incident's first labelled record to its first detection). Pure; `readLabelLines` reads the
 * side channel from an NDJSON labels file.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { StreamlabError } from '@streamlab/core';
import type { LabelLine } from './envelope.js';

/** An incident as the labels describe it. */
export interface TruthIncident {
  id: string;
  scenario: string;
  keys: readonly string[];
  startMs: number;
  endMs: number;
  /** Event time of its first labelled record (`startMs` when it produced none). */
  firstRecordMs: number;
  /** Ids of its labelled records. */
  recordIds: string[];
}

/** What a detector said: about which key (entity), at which event time, optionally of which kind. */
export interface Detection {
  key: string;
  timeMs: number;
  /** The rule or detector that fired, for per-kind precision. */
  kind?: string;
}

export interface ScenarioScore {
  scenario: string;
  incidents: number;
  detected: number;
  recall: number;
  /** Median delay of detected incidents, ms of event time (NaN when none was detected). */
  medianDelayMs: number;
}

export interface KindScore {
  kind: string;
  detections: number;
  truePositives: number;
  precision: number;
}

export interface Scorecard {
  overall: { incidents: number; detected: number; recall: number; detections: number; truePositives: number; precision: number; medianDelayMs: number };
  scenarios: ScenarioScore[];
  kinds: KindScore[];
}

/**
 * Incidents with their first labelled record and record ids, from label lines.
 *
 * @example
 * const lines: LabelLine[] = [];
 * for await (const line of readLabelLines('out/payments.labels.ndjson')) lines.push(line);
 * const truth = truthFromLabels(lines);
 */
export function truthFromLabels(lines: Iterable<LabelLine>): TruthIncident[] {
  const byId = new Map<string, TruthIncident>();
  const records: Extract<LabelLine, { kind: 'record' }>[] = [];
  for (const line of lines) {
    if (line.kind === 'incident') byId.set(line.id, { id: line.id, scenario: line.scenario, keys: line.keys, startMs: line.startMs, endMs: line.endMs, firstRecordMs: Number.POSITIVE_INFINITY, recordIds: [] });
    else if (line.incidentId) records.push(line);
  }
  for (const r of records) {
    const inc = byId.get(r.incidentId!);
    if (!inc || r.disorder === 'duplicate') continue;
    inc.recordIds.push(r.id);
    if (r.eventTimeMs < inc.firstRecordMs) inc.firstRecordMs = r.eventTimeMs;
  }
  for (const inc of byId.values()) if (!Number.isFinite(inc.firstRecordMs)) inc.firstRecordMs = inc.startMs;
  return [...byId.values()].sort((a, b) => a.startMs - b.startMs);
}

/**
 * The median of a list (NaN when empty).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Scores detections against incidents. A detection is right when its key is one of an incident's
 * keys and its time falls in `[startMs, endMs + graceMs)`; an incident is detected when some
 * detection is right about it, with delay = first such detection - its first labelled record.
 *
 * @example
 * const card = scoreDetections(truth, alerts.map((a) => ({ key: a.cardId, timeMs: a.eventTime, kind: a.rule })));
 * card.overall.recall; // 0..1
 */
export function scoreDetections(truth: readonly TruthIncident[], detections: Iterable<Detection>, opts: { graceMs?: number } = {}): Scorecard {
  const grace = opts.graceMs ?? 5 * 60_000;
  if (!(grace >= 0)) throw new StreamlabError('DATAGEN_BAD_GRACE', 'graceMs must be a non-negative number of ms', { value: grace, hint: 'e.g. 300000' });
  const byKey = new Map<string, TruthIncident[]>();
  for (const inc of truth) for (const k of inc.keys) byKey.set(k, [...(byKey.get(k) ?? []), inc]);
  const firstHit = new Map<string, number>();
  const kinds = new Map<string, { detections: number; truePositives: number }>();
  let total = 0;
  let tp = 0;
  for (const d of detections) {
    total++;
    let right = false;
    for (const inc of byKey.get(d.key) ?? []) {
      if (d.timeMs >= inc.startMs && d.timeMs < inc.endMs + grace) {
        right = true;
        const prev = firstHit.get(inc.id);
        if (prev === undefined || d.timeMs < prev) firstHit.set(inc.id, d.timeMs);
      }
    }
    if (right) tp++;
    if (d.kind !== undefined) {
      const k = kinds.get(d.kind) ?? { detections: 0, truePositives: 0 };
      k.detections++;
      if (right) k.truePositives++;
      kinds.set(d.kind, k);
    }
  }
  const scenarios = new Map<string, { incidents: number; delays: number[] }>();
  const allDelays: number[] = [];
  for (const inc of truth) {
    const s = scenarios.get(inc.scenario) ?? { incidents: 0, delays: [] };
    s.incidents++;
    const hit = firstHit.get(inc.id);
    if (hit !== undefined) {
      s.delays.push(Math.max(0, hit - inc.firstRecordMs));
      allDelays.push(Math.max(0, hit - inc.firstRecordMs));
    }
    scenarios.set(inc.scenario, s);
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  return {
    overall: {
      incidents: truth.length,
      detected: firstHit.size,
      recall: ratio(firstHit.size, truth.length),
      detections: total,
      truePositives: tp,
      precision: ratio(tp, total),
      medianDelayMs: median(allDelays),
    },
    scenarios: [...scenarios].map(([scenario, s]) => ({
      scenario,
      incidents: s.incidents,
      detected: s.delays.length,
      recall: ratio(s.delays.length, s.incidents),
      medianDelayMs: median(s.delays),
    })),
    kinds: [...kinds].map(([kind, k]) => ({ kind, detections: k.detections, truePositives: k.truePositives, precision: ratio(k.truePositives, k.detections) })),
  };
}

/**
 * The lines of an NDJSON labels file, one by one (a bad line is an error naming its number).
 *
 * @example
 * for await (const line of readLabelLines('out/payments.labels.ndjson')) if (line.kind === 'incident') n++;
 */
export async function* readLabelLines(path: string): AsyncGenerator<LabelLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    let line: LabelLine;
    try {
      line = JSON.parse(text) as LabelLine;
    } catch (err) {
      throw new StreamlabError('DATAGEN_BAD_LABELS', `${path}:${n} is not JSON`, { value: text.slice(0, 200), hint: 'pass the .labels.ndjson file the simulator wrote', cause: err });
    }
    if (line.kind !== 'record' && line.kind !== 'incident') {
      throw new StreamlabError('DATAGEN_BAD_LABELS', `${path}:${n} is not a label line`, { value: text.slice(0, 200), hint: 'pass the .labels.ndjson file the simulator wrote' });
    }
    yield line;
  }
}
