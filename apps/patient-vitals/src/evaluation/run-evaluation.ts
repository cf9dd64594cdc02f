/**
 * The evaluation: a seeded simulation of a hospital's monitored beds, at full speed, through the
 * same pipelines the live app runs (records serialised and decoded as the Kafka source would),
 * in memory, stage by stage as the live app chains them (ingest → minute values → NEWS2 →
 * escalation; minute values → trend detector). Scored against the simulator's ground truth by
 * `score.ts`.
 */
import { MemoryStream, type Stream, type StreamingQuery } from '@streamlab/core';
import { DEFAULT_START_MS, type IncidentInfo, recordText, Simulation } from '@streamlab/datagen';
import { decodeJson } from '@streamlab/kafka';
import { scaleRows } from '../domain/admission.js';
import type { Alert } from '../domain/alert.js';
import { type MonitorMessage, monitorMessageSchema, type Observation, observationSchema } from '../domain/records.js';
import { escalationAlerts } from '../pipelines/escalation.js';
import { type News2Row, news2Scores } from '../pipelines/news2-scores.js';
import { qualitySamples } from '../pipelines/quality.js';
import { type MinuteValue, minuteValues } from '../pipelines/rolling.js';
import { trendAlerts } from '../pipelines/trend.js';
import { createVitalsModel } from '../sim/model.js';
import type { PatientSim } from '../sim/patient.js';
import { type Scorecard, scoreAlerts } from './score.js';

export interface EvaluationOptions {
  seed: number;
  beds: number;
  /** Simulated hours scored (incidents whose critical event falls in them). */
  hours: number;
  /** Each deterioration's incidents per simulated hour (whole hospital). */
  deteriorationsPerHour: number;
  /** Each mimic's incidents per simulated hour. */
  mimicsPerHour: number;
  /** Monitor messages per bed per simulated second (samples stay 1 Hz). */
  messagesPerBedPerSec: number;
  onProgress?: (done: number, detail: string) => void;
}

export const EVALUATION_DEFAULTS: EvaluationOptions = {
  seed: 42,
  beds: 100,
  hours: 24,
  deteriorationsPerHour: 0.3,
  mimicsPerHour: 2,
  messagesPerBedPerSec: 0.1,
};

/** Simulated time between two rounds of the queries. */
const CHUNK_MS = 5 * 60_000;
/** Simulated time before the scored span: the trend detector's baseline warms up, every patient gets a round. */
export const WARM_UP_MS = 2 * 3_600_000;

export interface EvaluationRun {
  scorecard: Scorecard;
  alerts: Alert[];
  incidents: IncidentInfo[];
  records: number;
  deadLetters: number;
  samples: number;
  wallMs: number;
}

/** A record as the Kafka source hands it to a decoder. */
function wire(text: string, offset: number): Parameters<ReturnType<typeof decodeJson>>[0] {
  return { key: null, value: Buffer.from(text), topic: 'evaluation', partition: 0, offset, timestamp: 0, timestampType: 0, headers: [] };
}

/**
 * Runs the evaluation.
 *
 * @example
 * const { scorecard } = await runEvaluation({ ...EVALUATION_DEFAULTS, hours: 6 });
 */
export async function runEvaluation(options: Partial<EvaluationOptions> = {}): Promise<EvaluationRun> {
  const o: EvaluationOptions = { ...EVALUATION_DEFAULTS, ...options };
  const wallStart = performance.now();
  const startMs = DEFAULT_START_MS;
  // deteriorations start after the warm-up (their course then runs up to 6 h into the scored span)
  const sim = new Simulation(createVitalsModel({ beds: o.beds, deteriorationsPerHour: o.deteriorationsPerHour, mimicsPerHour: o.mimicsPerHour }), {
    seed: o.seed,
    ratePerSec: o.beds * o.messagesPerBedPerSec,
    durationMs: WARM_UP_MS + o.hours * 3_600_000,
    startMs,
    disorder: { outOfOrder: 0.01, maxDelayMs: 3_000, duplicates: 0.005, malformed: 0.001 },
  });
  const admissions = (sim.population as readonly PatientSim[]).map((p) => p.admission);
  const decodeMessage = decodeJson(monitorMessageSchema);
  const decodeObservation = decodeJson(observationSchema);

  const messages = new MemoryStream<MonitorMessage>('messages');
  const rounds = new MemoryStream<Observation>('observations');
  const minutes = new MemoryStream<MinuteValue>('minutes');
  const scores = new MemoryStream<News2Row>('news2');
  const alerts: Alert[] = [];
  const start = <T>(name: string, s: Stream<T>, f: (rows: readonly T[]) => void): StreamingQuery =>
    s.writeStream.outputMode('append').queryName(name).foreachBatch(f).start();
  const stage1 = start<MinuteValue>('ingest', minuteValues(qualitySamples(messages.toStream())), (rows) => {
    if (rows.length > 0) minutes.addData([...rows]);
  });
  const stage2 = start<News2Row>('news2', news2Scores(minutes.toStream(), rounds.toStream(), scaleRows(admissions)), (rows) => {
    if (rows.length > 0) scores.addData([...rows]);
  });
  const stage3 = [
    start<Alert>('escalation', escalationAlerts(scores.toStream()), (rows) => void alerts.push(...rows)),
    start<Alert>('trend', trendAlerts(minutes.toStream()), (rows) => void alerts.push(...rows)),
  ];
  const all = [stage1, stage2, ...stage3];
  const incidents: IncidentInfo[] = [];
  let records = 0;
  let deadLetters = 0;
  let samples = 0;
  try {
    for (let until = startMs + CHUNK_MS; !sim.done; until += CHUNK_MS) {
      const batch: MonitorMessage[] = [];
      const obs: Observation[] = [];
      for (const env of sim.nextBatch(Number.MAX_SAFE_INTEGER, until)) {
        records += 1;
        const row = wire(recordText(env), records);
        if (env.record.kind === 'monitor') {
          const d = decodeMessage(row);
          if (d.ok) {
            batch.push(d.value);
            samples += d.value.samples.length;
          } else deadLetters += 1;
        } else {
          const d = decodeObservation(row);
          if (d.ok) obs.push(d.value);
          else deadLetters += 1;
        }
      }
      incidents.push(...sim.takeIncidents());
      if (batch.length > 0) messages.addData(batch);
      if (obs.length > 0) rounds.addData(obs);
      // stage by stage, as the live app's feeds chain them
      await stage1.processAllAvailable();
      await stage2.processAllAvailable();
      await Promise.all(stage3.map((q) => q.processAllAvailable()));
      for (const q of all) if (q.exception) throw q.exception;
      o.onProgress?.(
        Math.min(1, (until - startMs) / (sim.endMs - startMs)),
        `${Math.round((until - startMs) / 3_600_000)} of ${Math.round((sim.endMs - startMs) / 3_600_000)} simulated hours, ${alerts.length} alerts`,
      );
    }
  } finally {
    await Promise.all(all.map((q) => q.stop()));
  }
  const scorecard = scoreAlerts(alerts, incidents, { beds: o.beds, fromMs: startMs + WARM_UP_MS, toMs: sim.endMs });
  return { scorecard, alerts, incidents, records, deadLetters, samples, wallMs: performance.now() - wallStart };
}
