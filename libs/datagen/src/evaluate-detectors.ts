/**
 * A use case's evaluation in one call: a seeded simulation run at full speed through the use
 * case's real detector queries (on the engine, in memory, append mode), its records crossing the
 * same boundary as in production (wire text, decoded by the app's decoder; what does not decode
 * is counted as a dead letter), then scored against the simulator's ground truth with
 * `scoreDetections`. An app says only what is its own: the model, the decoder, the detector
 * queries and how one of their rows names an entity.
 */
import { MemoryStream, type Stream, type StreamingQuery } from '@streamlab/core';
import type { Decoder } from '@streamlab/kafka';
import { labelLine, type LabelLine, recordText } from './envelope.js';
import { type Detection, type Scorecard, type ScoreOptions, scoreDetections, truthFromLabels, type TruthIncident } from './evaluate.js';
import type { Model } from './model.js';
import type { DisorderOptions } from './disorder.js';
import { DEFAULT_START_MS } from './options.js';
import { Simulation } from './simulation.js';

/** What a use case evaluates: its simulator, its decoder and its detector queries. */
export interface DetectorEvaluation<R, A> {
  // biome-ignore lint/suspicious/noExplicitAny: any entity and pool types (the evaluation only reads records)
  model: Model<any, R, any>;
  /** The decoder the live queries read the topic with, e.g. `decodeJson(readingSchema)`. */
  decode: Decoder<R>;
  /** The detector queries by name: each turns the records into detection rows (alerts). */
  detectors: Readonly<Record<string, (records: Stream<R>) => Stream<A>>>;
  /** One detection row as a `Detection`: which entity it names, at which event time (its `kind` defaults to the detector's name). */
  detection(row: A): Detection;
  /** How detections count as right (default: `scoreDetections`' defaults). */
  score?: Omit<ScoreOptions, 'scored'>;
  /** Disorder of the simulated stream (default: a little of each kind, see `EVALUATION_DISORDER`). */
  disorder?: Partial<DisorderOptions>;
}

/** How long and how much to simulate. */
export interface EvaluationRunOptions {
  seed: number;
  /** Scored span of simulated time: incidents whose first record falls in it count in recall. */
  minutes: number;
  /** Simulated records per second. */
  ratePerSec: number;
  /** Extra simulated minutes after the scored span, so the last windows close (default 1). */
  tailMinutes?: number;
  /** Simulated start (default `DEFAULT_START_MS`). */
  startMs?: number;
  /** Called after each chunk of simulated time with the share done (0..1), e.g. for a progress bar. */
  onProgress?: (done: number) => void;
}

/** What an evaluation measured. */
export interface EvaluationResult<A> {
  scorecard: Scorecard;
  /** Every detection row, in the order the queries emitted them. */
  detections: A[];
  incidents: TruthIncident[];
  detectors: string[];
  /** Records sent, malformed ones included. */
  records: number;
  /** Records that did not decode. */
  deadLetters: number;
  disorder: { outOfOrder: number; late: number; duplicates: number; malformed: number };
  wallMs: number;
}

/** The default disorder of an evaluation: some of each kind a real stream has. */
export const EVALUATION_DISORDER: Partial<DisorderOptions> = { outOfOrder: 0.02, maxDelayMs: 2_000, duplicates: 0.005, malformed: 0.002 };

/** Simulated time fed to the queries between two `processAllAvailable()` calls. */
const CHUNK_MS = 5_000;

/**
 * Runs the evaluation.
 *
 * @example
 * const result = await evaluateDetectors(
 *   { model, decode: decodeJson(readingSchema), detectors: { 'high-average': highAverageAlerts }, detection: (a) => ({ key: a.sourceId, timeMs: a.eventTime }) },
 *   { seed: 42, minutes: 10, ratePerSec: 20 },
 * );
 * result.scorecard.overall.recall; // 0..1
 */
export async function evaluateDetectors<R, A>(def: DetectorEvaluation<R, A>, o: EvaluationRunOptions): Promise<EvaluationResult<A>> {
  const wallStart = performance.now();
  const tail = o.tailMinutes ?? 1;
  const sim = new Simulation(def.model, {
    seed: o.seed,
    ratePerSec: o.ratePerSec,
    durationMs: (o.minutes + tail) * 60_000,
    startMs: o.startMs ?? DEFAULT_START_MS,
    disorder: def.disorder ?? EVALUATION_DISORDER,
  });
  const source = new MemoryStream<R>('records');
  const detections: A[] = [];
  const found: Detection[] = [];
  const queries: StreamingQuery[] = Object.entries(def.detectors).map(([name, detector]) =>
    detector(source.toStream())
      .writeStream.outputMode('append')
      .queryName(name)
      .foreachBatch((rows) => {
        for (const row of rows) {
          detections.push(row);
          found.push({ kind: name, ...def.detection(row) });
        }
      })
      .start(),
  );
  const labels: LabelLine[] = [];
  let records = 0;
  let deadLetters = 0;
  try {
    for (let until = sim.startMs + CHUNK_MS; !sim.done; until += CHUNK_MS) {
      const batch: R[] = [];
      for (const env of sim.nextBatch(Number.MAX_SAFE_INTEGER, until)) {
        records += 1;
        const decoded = def.decode(wireRecord(recordText(env), env.key, env.emitMs, records));
        if (decoded.ok) batch.push(decoded.value);
        else deadLetters += 1;
        if (env.label?.incidentId) labels.push(labelLine(env, sim.recordId(env)));
      }
      for (const inc of sim.takeIncidents()) labels.push({ kind: 'incident', ...inc });
      if (batch.length > 0) {
        source.addData(batch);
        await Promise.all(queries.map((q) => q.processAllAvailable()));
      }
      o.onProgress?.(Math.min(1, (until - sim.startMs) / (sim.endMs - sim.startMs)));
    }
    for (const q of queries) if (q.exception) throw q.exception;
  } finally {
    await Promise.all(queries.map((q) => q.stop()));
  }
  const incidents = truthFromLabels(labels);
  const scoredUntil = sim.startMs + o.minutes * 60_000;
  const s = sim.stats;
  return {
    scorecard: scoreDetections(incidents, found, { ...def.score, scored: (i) => i.firstRecordMs < scoredUntil }),
    detections,
    incidents,
    detectors: Object.keys(def.detectors),
    records,
    deadLetters,
    disorder: { outOfOrder: s.outOfOrder, late: s.late, duplicates: s.duplicates, malformed: s.malformed },
    wallMs: performance.now() - wallStart,
  };
}

/** A record as the Kafka source hands it to a decoder. */
function wireRecord(text: string, key: string, timestamp: number, offset: number) {
  return { key: Buffer.from(key), value: Buffer.from(text), topic: 'evaluation', partition: 0, offset, timestamp, timestampType: 0 as const, headers: [] };
}
