/**
 * The evaluation: a seeded simulation run at full speed through the real pipelines (the same
 * queries the app runs, on the engine, in append mode), then scored against the simulator's
 * ground truth. Transactions cross the same boundary as in production: wire text, decoded and
 * validated, malformed ones routed to a dead-letter list and counted.
 */
import { MemoryStream, type StreamingQuery } from '@streamlab/core';
import { recordText, Simulation, type Scorecard, type SimulationInput, type TruthIncident } from '@streamlab/datagen';
import type { Alert } from '../domain/alert.js';
import { decodeTransaction } from '../domain/decode.js';
import type { Transaction } from '../domain/schemas.js';
import { alertStreams, chainedAlertStreams } from '../pipelines/fraud-pipelines.js';
import { merchantTable } from '../pipelines/compromised-merchant.js';
import { profileTable } from '../pipelines/profiles.js';
import { pipelineOptions, type PipelineOptionsInput } from '../pipelines/options.js';
import { fraudSimulator } from '../sim/defaults.js';
import { score } from './score.js';

export interface EvaluationOptions {
  seed: number;
  /** Scored span of simulated time. */
  minutes: number;
  /** Simulated transactions per second at average activity. */
  simRatePerSec: number;
  cards: number;
  incidentsPerHour: number;
  pipeline?: PipelineOptionsInput;
}

export const DEFAULT_EVALUATION: EvaluationOptions = { seed: 42, minutes: 30, simRatePerSec: 20, cards: 200_000, incidentsPerHour: 30 };

/** A Monday morning (09:30 CET), when activity is about the day's average. */
export const EVALUATION_START_MS = Date.UTC(2026, 0, 5, 8, 30);
/** Extra simulated time after the scored span, so the last windows close and alerts come out. */
export const TAIL_MINUTES = 3;
/** Simulated time fed to the queries between two `processAllAvailable()` calls. */
const CHUNK_MS = 5_000;

export interface EvaluationResult {
  scorecard: Scorecard;
  /** Every scored alert and incident (for inspection). */
  alerts: Alert[];
  incidents: TruthIncident[];
  queries: string[];
  records: number;
  deadLetters: number;
  disorder: { outOfOrder: number; late: number; duplicates: number; malformed: number };
  wallMs: number;
}

/** Where a long evaluation says how far it is (the CLI draws a bar on a terminal). */
export interface EvaluationProgress {
  /** A step begins. */
  phase?(what: string): void;
  /** Fraction of the simulated span done, in [0, 1]. */
  fraction?(done: number): void;
}

/**
 * Runs the evaluation.
 *
 * @example
 * const { scorecard } = await runEvaluation(DEFAULT_EVALUATION);
 */
export async function runEvaluation(o: EvaluationOptions, progress: EvaluationProgress = {}): Promise<EvaluationResult> {
  const wallStart = performance.now();
  const opts = pipelineOptions(o.pipeline ?? {});
  progress.phase?.(`building the bank's world (${o.cards.toLocaleString('en-US')} cards)`);
  const { world, model } = fraudSimulator({ simRatePerSec: o.simRatePerSec, cards: o.cards, incidentsPerHour: o.incidentsPerHour });
  const input: SimulationInput = {
    seed: o.seed,
    ratePerSec: o.simRatePerSec,
    durationMs: (o.minutes + TAIL_MINUTES) * 60_000,
    speed: 1,
    startMs: EVALUATION_START_MS,
    disorder: { outOfOrder: 0.05, maxDelayMs: 5_000, late: 0.005, lateDelayMs: 15_000, lateSpreadMs: 60_000, duplicates: 0.01, malformed: 0.005 },
  };
  const sim = new Simulation(model, input);
  const source = new MemoryStream<Transaction>('transactions');
  const alerts: Alert[] = [];
  const streams = alertStreams(() => source.toStream(), { merchants: merchantTable(world.merchantTable), profiles: profileTable(world.profiles) }, opts);
  // the rule queries write alerts to an in-memory "alerts topic" that chained queries read
  const alertsTopic = new MemoryStream<Alert>('fraud.alerts');
  const chained = chainedAlertStreams(
    () => alertsTopic.toStream(),
    () => source.toStream(),
    opts,
  );
  const queries: StreamingQuery[] = Object.entries(streams).map(([name, s]) =>
    s.writeStream
      .outputMode('append')
      .queryName(name)
      .foreachBatch((rows) => {
        alerts.push(...rows);
        if (rows.length > 0) alertsTopic.addData(rows);
      })
      .start(),
  );
  const chainedQueries: StreamingQuery[] = Object.entries(chained).map(([name, s]) =>
    s.writeStream
      .outputMode('append')
      .queryName(name)
      .foreachBatch((rows) => {
        alerts.push(...rows);
      })
      .start(),
  );

  const truth = new Map<string, { scenario: string; txIds: Set<string>; firstRecordMs: number }>();
  const incidents = new Map<string, { keys: readonly string[]; startMs: number; endMs: number; scenario: string }>();
  let records = 0;
  let deadLetters = 0;
  progress.phase?.(`running ${o.minutes + TAIL_MINUTES} simulated minutes through the pipelines`);
  try {
    for (let until = sim.startMs + CHUNK_MS; !sim.done; until += CHUNK_MS) {
      progress.fraction?.((until - sim.startMs) / (sim.endMs - sim.startMs));
      const batch: Transaction[] = [];
      for (const env of sim.nextBatch(Number.MAX_SAFE_INTEGER, until)) {
        records += 1;
        const decoded = decodeTransaction(recordText(env));
        if (!decoded.ok) {
          deadLetters += 1;
          continue;
        }
        batch.push(decoded.value);
        const id = env.label?.incidentId;
        if (id && env.label?.scenario) {
          const t = truth.get(id) ?? { scenario: env.label.scenario, txIds: new Set<string>(), firstRecordMs: env.eventTimeMs };
          t.txIds.add(decoded.value.txId);
          t.firstRecordMs = Math.min(t.firstRecordMs, env.eventTimeMs);
          truth.set(id, t);
        }
      }
      for (const inc of sim.takeIncidents()) incidents.set(inc.id, { keys: inc.keys, startMs: inc.startMs, endMs: inc.endMs, scenario: inc.scenario });
      if (batch.length > 0) {
        source.addData(batch);
        await Promise.all(queries.map((q) => q.processAllAvailable()));
        await Promise.all(chainedQueries.map((q) => q.processAllAvailable()));
      }
    }
    for (const q of [...queries, ...chainedQueries]) if (q.exception) throw q.exception;
  } finally {
    await Promise.all([...queries, ...chainedQueries].map((q) => q.stop()));
  }

  const scoredUntil = sim.startMs + o.minutes * 60_000;
  const truthIncidents: TruthIncident[] = [];
  for (const [id, t] of truth) {
    const inc = incidents.get(id);
    if (inc)
      truthIncidents.push({
        id,
        scenario: t.scenario,
        keys: inc.keys,
        startMs: inc.startMs,
        endMs: inc.endMs,
        firstRecordMs: t.firstRecordMs,
        recordIds: [...t.txIds],
      });
  }
  const scoredAlerts = alerts;
  const s = sim.stats;
  return {
    // recall and delay over the incidents that began in the scored span; precision over every alert
    scorecard: score(scoredAlerts, truthIncidents, (i) => i.firstRecordMs < scoredUntil),
    alerts: scoredAlerts,
    incidents: truthIncidents,
    queries: [...Object.keys(streams), ...Object.keys(chained)],
    records,
    deadLetters,
    disorder: { outOfOrder: s.outOfOrder, late: s.late, duplicates: s.duplicates, malformed: s.malformed },
    wallMs: performance.now() - wallStart,
  };
}
