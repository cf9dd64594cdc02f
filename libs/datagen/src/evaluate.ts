/**
 * Scoring a detector against the simulator's ground truth: which detections are right
 * (precision), which incidents were caught (recall), and how soon (event-time delay from the
 * incident's first labelled record to its first detection). Pure; `readLabelLines` reads the
 * side channel from an NDJSON labels file.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { median, StreamlabError } from '@streamlab/core';
import type { LabelLine } from './envelope.js';

/** The median of a list (NaN when empty): the engine's, re-exported for evaluations. */
export { median };

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

/**
 * What a detector said: about which key (entity), at which event time, optionally of which kind,
 * optionally citing which records as evidence.
 */
export interface Detection {
  /** The entity it names (omit for a detection that names no incident key, e.g. a merchant). */
  key?: string;
  timeMs: number;
  /** The rule or detector that fired, for per-kind scores and the scenario × kind matrix. */
  kind?: string;
  /**
   * Ids of the records it cites (the ids the truth's `recordIds` hold): citing a labelled record of
   * an incident makes it right about that incident, whatever its key and time.
   */
  evidence?: readonly string[];
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
  /** When detections cite evidence: those whose evidence holds a labelled record (a stricter notion of right). */
  evidenceTruePositives?: number;
  /** When detections cite evidence: `evidenceTruePositives / detections`. */
  evidencePrecision?: number;
}

export interface Scorecard {
  overall: {
    incidents: number;
    detected: number;
    recall: number;
    detections: number;
    truePositives: number;
    precision: number;
    medianDelayMs: number;
    /** When detections cite evidence: those whose evidence holds a labelled record. */
    evidenceTruePositives?: number;
    /** When detections cite evidence: `evidenceTruePositives / detections`. */
    evidencePrecision?: number;
  };
  /** In the order scenarios first appear in the (scored) truth. */
  scenarios: ScenarioScore[];
  /** In the order kinds first appear in the detections. */
  kinds: KindScore[];
  /** scenario → kind → how many (scored) incidents of that scenario detections of that kind caught. */
  matrix: Record<string, Record<string, number>>;
}

export interface ScoreOptions {
  /** After an incident ends, detections naming its keys still count as about it for this long (default 5 minutes). */
  graceMs?: number;
  /** Where an incident's window opens: at its `startMs` (default) or at its first labelled record. */
  windowStart?: 'startMs' | 'firstRecordMs';
  /** Whether `endMs + graceMs` itself is in the window (default `'exclusive'`). */
  windowEnd?: 'exclusive' | 'inclusive';
  /**
   * The incidents recall, delay, scenarios and the matrix are about (default: all). Precision
   * still uses every incident: a detection about an unscored incident is right.
   */
  scored?: (incident: TruthIncident) => boolean;
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
    if (line.kind === 'incident')
      byId.set(line.id, {
        id: line.id,
        scenario: line.scenario,
        keys: line.keys,
        startMs: line.startMs,
        endMs: line.endMs,
        firstRecordMs: Number.POSITIVE_INFINITY,
        recordIds: [],
      });
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
 * Scores detections against incidents. A detection is right when it cites a labelled record of an
 * incident, or names one of an incident's keys at a time in its window: `[startMs, endMs +
 * graceMs)` by default, see {@link ScoreOptions}. An incident is detected when some detection is
 * right about it, with delay = first such detection - its first labelled record (at least 0).
 *
 * @example
 * const card = scoreDetections(truth, alerts.map((a) => ({ key: a.cardId, timeMs: a.eventTime, kind: a.rule })));
 * card.overall.recall; // 0..1
 */
export function scoreDetections(truth: readonly TruthIncident[], detections: Iterable<Detection>, opts: ScoreOptions = {}): Scorecard {
  const grace = opts.graceMs ?? 5 * 60_000;
  if (!(grace >= 0)) throw new StreamlabError('DATAGEN_BAD_GRACE', 'graceMs must be a non-negative number of ms', { value: grace, hint: 'e.g. 300000' });
  const windowStart = opts.windowStart ?? 'startMs';
  if (windowStart !== 'startMs' && windowStart !== 'firstRecordMs') {
    throw new StreamlabError('DATAGEN_BAD_WINDOW', 'windowStart must be "startMs" or "firstRecordMs"', { value: windowStart, hint: 'e.g. "firstRecordMs"' });
  }
  const windowEnd = opts.windowEnd ?? 'exclusive';
  if (windowEnd !== 'exclusive' && windowEnd !== 'inclusive') {
    throw new StreamlabError('DATAGEN_BAD_WINDOW', 'windowEnd must be "exclusive" or "inclusive"', { value: windowEnd, hint: 'e.g. "inclusive"' });
  }
  const inWindow = (t: number, inc: TruthIncident) => t >= inc[windowStart] && (windowEnd === 'inclusive' ? t <= inc.endMs + grace : t < inc.endMs + grace);

  const byKey = new Map<string, TruthIncident[]>();
  const byRecord = new Map<string, TruthIncident>();
  for (const inc of truth) {
    for (const k of inc.keys) {
      const list = byKey.get(k);
      if (list) list.push(inc);
      else byKey.set(k, [inc]);
    }
    for (const id of inc.recordIds) byRecord.set(id, inc);
  }
  const firstHit = new Map<TruthIncident, number>();
  const caughtBy = new Map<TruthIncident, Set<string>>();
  const kinds = new Map<string, { detections: number; truePositives: number; evidenceTruePositives: number }>();
  let total = 0;
  let tp = 0;
  let evidenceTp = 0;
  let citesEvidence = false;
  for (const d of detections) {
    total++;
    const about = new Set<TruthIncident>();
    let evidenceRight = false;
    if (d.evidence !== undefined) {
      citesEvidence = true;
      for (const id of d.evidence) {
        const inc = byRecord.get(id);
        if (inc) {
          about.add(inc);
          evidenceRight = true;
        }
      }
    }
    if (d.key !== undefined) for (const inc of byKey.get(d.key) ?? []) if (inWindow(d.timeMs, inc)) about.add(inc);
    const right = about.size > 0;
    if (right) tp++;
    if (evidenceRight) evidenceTp++;
    for (const inc of about) {
      const prev = firstHit.get(inc);
      if (prev === undefined || d.timeMs < prev) firstHit.set(inc, d.timeMs);
      if (d.kind !== undefined) {
        const set = caughtBy.get(inc) ?? new Set<string>();
        set.add(d.kind);
        caughtBy.set(inc, set);
      }
    }
    if (d.kind !== undefined) {
      const k = kinds.get(d.kind) ?? { detections: 0, truePositives: 0, evidenceTruePositives: 0 };
      k.detections++;
      if (right) k.truePositives++;
      if (evidenceRight) k.evidenceTruePositives++;
      kinds.set(d.kind, k);
    }
  }
  const scored = opts.scored ? truth.filter((inc) => opts.scored!(inc)) : truth;
  const scenarios = new Map<string, { incidents: number; delays: number[] }>();
  const allDelays: number[] = [];
  const matrix: Scorecard['matrix'] = {};
  for (const inc of scored) {
    const s = scenarios.get(inc.scenario) ?? { incidents: 0, delays: [] };
    s.incidents++;
    const hit = firstHit.get(inc);
    if (hit !== undefined) {
      s.delays.push(Math.max(0, hit - inc.firstRecordMs));
      allDelays.push(Math.max(0, hit - inc.firstRecordMs));
    }
    scenarios.set(inc.scenario, s);
    for (const kind of caughtBy.get(inc) ?? []) {
      const row = (matrix[inc.scenario] ??= {});
      row[kind] = (row[kind] ?? 0) + 1;
    }
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
  // evidence scores only when detections cite evidence (a detector that cites none has no such score)
  const evidence = (n: number, of: number) => (citesEvidence ? { evidenceTruePositives: n, evidencePrecision: ratio(n, of) } : {});
  return {
    overall: {
      incidents: scored.length,
      detected: allDelays.length,
      recall: ratio(allDelays.length, scored.length),
      detections: total,
      truePositives: tp,
      precision: ratio(tp, total),
      medianDelayMs: median(allDelays),
      ...evidence(evidenceTp, total),
    },
    scenarios: [...scenarios].map(([scenario, s]) => ({
      scenario,
      incidents: s.incidents,
      detected: s.delays.length,
      recall: ratio(s.delays.length, s.incidents),
      medianDelayMs: median(s.delays),
    })),
    kinds: [...kinds].map(([kind, k]) => ({
      kind,
      detections: k.detections,
      truePositives: k.truePositives,
      precision: ratio(k.truePositives, k.detections),
      ...evidence(k.evidenceTruePositives, k.detections),
    })),
    matrix,
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
      throw new StreamlabError('DATAGEN_BAD_LABELS', `${path}:${n} is not JSON`, {
        value: text.slice(0, 200),
        hint: 'pass the .labels.ndjson file the simulator wrote',
        cause: err,
      });
    }
    if (line.kind !== 'record' && line.kind !== 'incident') {
      throw new StreamlabError('DATAGEN_BAD_LABELS', `${path}:${n} is not a label line`, {
        value: text.slice(0, 200),
        hint: 'pass the .labels.ndjson file the simulator wrote',
      });
    }
    yield line;
  }
}
