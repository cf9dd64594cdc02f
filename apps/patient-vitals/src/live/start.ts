/**
 * Runs the use case live. The simulator, paced in real time (compressed: `speed`), writes the
 * monitors' messages to `vitals.readings` and the nurses' observations to `vitals.observations`
 * on the hub's broker; records that do not decode are dead-lettered once, to `<topic>-dlq`, and
 * impossible samples join them there with their reason. The queries:
 *
 * - ingest: readings → quality (dedup, explode, verdicts) → per-minute robust values, handed to
 *   the queries downstream through in-process feeds (and to the dashboard's sparklines);
 * - NEWS2: minute values ∪ observations, joined with the admissions table → a score per patient;
 * - escalation (NEWS2 thresholds) and the trend detector → `vitals.alerts` (exactly-once);
 * - the alert feed, the acknowledgement join and the unacknowledged-alert escalation read
 *   `vitals.alerts` (read_committed) and `vitals.acks` back with the Kafka source;
 * - coverage: monitoring sessions and gaps; hourly trends; the census (names, for the dashboard
 *   only: it is published over socket.io behind the token, never written to a topic).
 *
 * The dashboard's acknowledge button sends `ack` over socket.io (a client event: validated,
 * rate-limited, token-checked); it is stamped with the simulation's clock and produced to
 * `vitals.acks`.
 */
import { type Sink, Stream, type StreamingQuery, MemoryStream } from '@streamlab/core';
import { kafkaOutput, type RunSummary, runSimulation, Simulation } from '@streamlab/datagen';
import { DLQ_HEADERS, decodeJson, deadLetterTopic, kafkaSink, type TopicDeclaration } from '@streamlab/kafka';
import { Feed, type RunningUseCase, type UseCaseContext, type UseCaseSimulation, useCaseKit } from '@streamlab/live';
import { z } from 'zod';
import { censusRow, scaleRows } from '../domain/admission.js';
import { type Alert, alertSchema } from '../domain/alert.js';
import { type Ack, ackSchema, monitorMessageSchema, observationSchema, patientIdSchema } from '../domain/records.js';
import { acknowledgements } from '../pipelines/acknowledgements.js';
import { type CoverageSession, coverageSessions, monitoringGaps } from '../pipelines/coverage.js';
import { escalationAlerts } from '../pipelines/escalation.js';
import { type News2Row, news2Scores } from '../pipelines/news2-scores.js';
import { qualitySamples, type RejectedSample, rejectedSamples } from '../pipelines/quality.js';
import { hourlyTrends, type MinuteValue, minuteValues } from '../pipelines/rolling.js';
import { trendAlerts } from '../pipelines/trend.js';
import { unacknowledgedAlerts } from '../pipelines/unacknowledged.js';
import { queries as q } from '../queries.js';
import { createVitalsModel, OBSERVATIONS_TOPIC, READINGS_TOPIC, type VitalsModelOptions } from '../sim/model.js';
import type { PatientSim } from '../sim/patient.js';
import type { Deterioration } from '../sim/scenarios.js';
import { routedOutput } from './routed-output.js';

export const ALERTS_TOPIC = 'vitals.alerts';
export const ACKS_TOPIC = 'vitals.acks';

export interface LiveOptions {
  beds: number;
  /** Monitor messages per bed per simulated second (samples stay 1 Hz: a message holds what was sampled since the last). */
  messagesPerBedPerSec: number;
  /** Simulated time per wall-clock time. */
  speed: number;
  seed: number;
  /** Wall-clock time the simulator runs for (default a week). */
  durationMs: number;
  deteriorationsPerHour: number;
  mimicsPerHour: number;
  /** The demo: a patient already deteriorating at the start, so an alert shows within seconds. */
  deterioratingAtStart: { scenario: Deterioration; phase0: number } | null;
  /** Share of malformed records; duplicates; out-of-order. */
  malformed: number;
  duplicates: number;
  outOfOrder: number;
  topics: { readings: string; observations: string; alerts: string; acks: string };
  /** Test seam: the first patient's name in the census (e.g. markup, to prove the dashboard shows it as text). */
  renameFirstPatient?: string;
}

/**
 * Live demo: 60 beds, at 30x real time (an hour of ward time in two minutes), a message per bed
 * every 5 simulated seconds, a patient 85 % of the way into sepsis at the start and another
 * deterioration every few minutes of wall time.
 */
export const LIVE_DEFAULTS: LiveOptions = {
  beds: 60,
  messagesPerBedPerSec: 0.2,
  speed: 30,
  seed: 1,
  durationMs: 7 * 24 * 3_600_000,
  deteriorationsPerHour: 1,
  mimicsPerHour: 3,
  deterioratingAtStart: { scenario: 'sepsis', phase0: 0.95 },
  malformed: 0.002,
  duplicates: 0.005,
  outOfOrder: 0.01,
  topics: { readings: READINGS_TOPIC, observations: OBSERVATIONS_TOPIC, alerts: ALERTS_TOPIC, acks: ACKS_TOPIC },
};

/**
 * The topics: readings and observations in (each with a dead-letter topic), acks in from the
 * dashboard, alerts out.
 *
 * @example
 * vitalsTopics().map((t) => t.topic); // ['vitals.readings', 'vitals.observations', 'vitals.acks', 'vitals.alerts']
 */
export function vitalsTopics(t: LiveOptions['topics'] = LIVE_DEFAULTS.topics): TopicDeclaration[] {
  return [{ topic: t.readings, deadLetters: true }, { topic: t.observations, deadLetters: true }, { topic: t.acks, partitions: 1 }, { topic: t.alerts }];
}

/**
 * The pace the hub's `--rate` (messages per wall second) and `--speed` stand for.
 *
 * @example
 * simulationPace({ speed: 60 }, LIVE_DEFAULTS); // { speed: 60, messagesPerBedPerSec: 0.2 }
 */
export function simulationPace(simulation: UseCaseSimulation = {}, o: Pick<LiveOptions, 'speed' | 'messagesPerBedPerSec' | 'beds'> = LIVE_DEFAULTS) {
  const speed = simulation.speed ?? o.speed;
  const messagesPerBedPerSec = simulation.rate === undefined ? o.messagesPerBedPerSec : simulation.rate / speed / o.beds;
  return { speed, messagesPerBedPerSec };
}

/** A sink that hands each batch to several feeds (one per query that reads it). */
function fanOut<T>(...to: Feed<T>[]): Sink<T> {
  return {
    description: `feeds[${to.map((f) => f.description).join(', ')}]`,
    addBatch(rows: readonly T[]) {
      for (const f of to) f.push(rows);
    },
  };
}

/** What the acknowledge button sends. */
export const ackRequestSchema = z.object({ alertId: z.string().min(1).max(200), patientId: patientIdSchema });

export interface RunningVitals extends RunningUseCase {
  queries: StreamingQuery[];
  simulated: Promise<RunSummary | null>;
  /** The simulation's clock now (epoch ms of simulated time). */
  simNow(): number;
}

/**
 * Creates the topics, starts every query, then the simulator. Pace: `options`, else the hub's
 * `ctx.simulation`, else {@link LIVE_DEFAULTS}.
 *
 * @example
 * const running = await startVitalsLive(ctx);
 */
export async function startVitalsLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}): Promise<RunningVitals> {
  const base: LiveOptions = { ...LIVE_DEFAULTS, ...options };
  const o: LiveOptions = { ...base, ...simulationPace(ctx.simulation, base), ...pick(options, 'speed', 'messagesPerBedPerSec') };
  const t = o.topics;
  const kit = await useCaseKit(ctx, { topics: vitalsTopics(t) });
  const modelOptions: Partial<VitalsModelOptions> = {
    beds: o.beds,
    deteriorationsPerHour: o.deteriorationsPerHour,
    mimicsPerHour: o.mimicsPerHour,
    ...(o.deterioratingAtStart ? { deterioratingAtStart: o.deterioratingAtStart } : {}),
  };
  const wallStart = Date.now();
  const sim = new Simulation(createVitalsModel(modelOptions), {
    seed: o.seed,
    ratePerSec: o.beds * o.messagesPerBedPerSec * o.speed,
    speed: o.speed,
    durationMs: o.durationMs,
    startMs: wallStart,
    disorder: { malformed: o.malformed, duplicates: o.duplicates, outOfOrder: o.outOfOrder, maxDelayMs: 3_000 },
  });
  const simNow = () => wallStart + (Date.now() - wallStart) * o.speed;
  const admissions = (sim.population as readonly PatientSim[]).map((p) => p.admission);

  const messages = (reader: string) => kit.read(t.readings, reader, { decode: decodeJson(monitorMessageSchema), eventTimeField: 'eventTime' });
  const observations = (reader: string) => kit.read(t.observations, reader, { decode: decodeJson(observationSchema), eventTimeField: 'eventTime' });
  // Alerts are written exactly-once (one transaction per batch): read only committed ones.
  const alertsFromKafka = (reader: string) =>
    kit.read(t.alerts, reader, { decode: decodeJson(alertSchema), eventTimeField: 'eventTime', isolationLevel: 'read_committed' });
  const acksFromKafka = (reader: string) => kit.read(t.acks, reader, { decode: decodeJson(ackSchema), eventTimeField: 'eventTime' });

  // ingest: one query reads the monitors and feeds the per-minute values to everything downstream
  const toNews2 = new Feed<MinuteValue>('minutes/news2');
  const toTrend = new Feed<MinuteValue>('minutes/trend');
  const toHourly = new Feed<MinuteValue>('minutes/hourly');
  const toSparklines = new Feed<MinuteValue>('minutes/dashboard');
  kit.run('ingest', minuteValues(qualitySamples(messages('ingest'))), 'append', fanOut(toNews2, toTrend, toHourly, toSparklines));
  kit.publish(q.minutes, Stream.fromSource(toSparklines), 'append', { maxRowsPerMessage: 5_000, snapshotRows: 20_000 });
  kit.publish(q.trends, hourlyTrends(Stream.fromSource(toHourly)), 'append');

  // impossible samples: to the dead-letter topic, with their reason
  const dlq = deadLetterTopic(t.readings);
  const rejectedSink = kafkaSink<RejectedSample>({
    client: kit.kafka,
    topic: dlq,
    toRecord: (r) => ({ key: r.patientId, value: r, headers: { [DLQ_HEADERS.error]: `impossible value: ${r.reason}`, [DLQ_HEADERS.topic]: t.readings } }),
  });
  kit.run('rejected-samples', rejectedSamples(messages('rejected')), 'append', rejectedSink);
  kit.deadLetters(q.deadLetters, t.readings);

  // NEWS2: minute values ∪ observations, stream-static join with the admissions' SpO2 scales
  const toEscalation = new Feed<News2Row>('news2/escalation');
  const toTicks = new Feed<News2Row>('news2/ticks');
  const toWard = new Feed<News2Row>('news2/dashboard');
  kit.run(
    'news2-scores',
    news2Scores(Stream.fromSource(toNews2), observations('news2'), scaleRows(admissions)),
    'append',
    fanOut(toEscalation, toTicks, toWard),
  );
  kit.publish(q.news2, Stream.fromSource(toWard), 'append', { maxRowsPerMessage: 5_000, snapshotRows: 5_000 });

  // alerts: NEWS2 escalations, early warnings and unacknowledged escalations, to vitals.alerts once each
  const toAlertsTopic = new Feed<Alert>('alerts/writer');
  const alertsSink = fanOut(toAlertsTopic);
  kit.run('escalation', escalationAlerts(Stream.fromSource(toEscalation)), 'append', alertsSink);
  kit.run('trend-detector', trendAlerts(Stream.fromSource(toTrend)), 'append', alertsSink);
  kit.run(
    'unacknowledged',
    unacknowledgedAlerts(
      alertsFromKafka('unacknowledged'),
      acksFromKafka('unacknowledged'),
      Stream.fromSource(toTicks).map((r) => ({ eventTime: r.eventTime })),
    ),
    'append',
    alertsSink,
  );
  const writer = kafkaSink<Alert>({ client: kit.kafka, topic: t.alerts, guarantee: 'exactly-once', toRecord: (a) => ({ key: a.patientId, value: a }) });
  kit.run('alerts-to-kafka', Stream.fromSource(toAlertsTopic), 'append', writer);
  kit.publish(q.alerts, alertsFromKafka(q.alerts.id), 'append', { snapshotRows: 2_000 });
  kit.publish(q.acks, acknowledgements(alertsFromKafka(q.acks.id), acksFromKafka(q.acks.id)), 'append', { snapshotRows: 2_000 });

  // coverage: sessions as they grow (update), and the gaps between closed ones
  kit.publish(q.coverage, coverageSessions(qualitySamples(messages(q.coverage.id))), 'update');
  const closed = new Feed<CoverageSession>('coverage/closed');
  kit.run('coverage-sessions', coverageSessions(qualitySamples(messages('coverage-closed'))), 'append', fanOut(closed));
  kit.publish(q.gaps, monitoringGaps(Stream.fromSource(closed)), 'append');

  // the census: names and beds for the dashboard only (socket.io behind the token, never a topic)
  const census = new MemoryStream<ReturnType<typeof censusRow>>({ name: 'census' });
  kit.publish(q.census, census.toStream(), 'append', { maxRowsPerMessage: 5_000, snapshotRows: 5_000 });
  const rows = admissions.map(censusRow);
  if (o.renameFirstPatient !== undefined && rows[0]) rows[0] = { ...rows[0], name: o.renameFirstPatient };
  census.addData(rows);

  // the acknowledge button: validated, rate-limited client event → vitals.acks, stamped with the simulation's clock
  const producer = kit.kafka.producer();
  const acked = new Set<string>();
  let acks = 0;
  const offAck = ctx.hub.clientEvents.on(ctx.namespace, 'ack', {
    schema: ackRequestSchema,
    async handle(req, client) {
      if (acked.has(req.alertId)) return { alreadyAcknowledged: true };
      const ack: Ack = {
        ackId: `ack-${wallStart.toString(36)}-${++acks}`,
        alertId: req.alertId,
        patientId: req.patientId,
        eventTime: Math.round(simNow()),
        by: `station-${client.clientId.slice(0, 6)}`,
      };
      await producer.send([{ topic: t.acks, key: req.patientId, value: JSON.stringify(ack) }]);
      acked.add(req.alertId);
      if (acked.size > 100_000) acked.clear(); // bounded: the join and the clock ignore a late duplicate anyway
      return { ackId: ack.ackId, eventTime: ack.eventTime };
    },
  });

  // the simulator, last (the readers start at the topics' ends as they are now)
  const abort = new AbortController();
  const output = routedOutput({
    monitor: kafkaOutput({ client: kit.kafka, topic: t.readings, labelsTopic: null }),
    observation: kafkaOutput({ client: kit.kafka, topic: t.observations, labelsTopic: null }),
  });
  const simulated = runSimulation(sim, output, { signal: abort.signal, logger: ctx.logger }).catch((err: unknown) => {
    ctx.logger.error({ err }, `${ctx.namespace} simulator stopped`);
    return null;
  });
  kit.onStop(async () => {
    offAck();
    abort.abort();
    await simulated;
    await producer.close();
  });
  return { ...kit.running(), queries: [...kit.queries], simulated, simNow };
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
