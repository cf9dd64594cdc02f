/**
 * Runs the use case live, the way the product promises: the simulator, paced in real time, writes
 * transactions to the Kafka topic `fraud.transactions` on the hub's broker (embedded unless
 * `KAFKA_BROKERS` is set or the hub started one with `--kafka`); every query reads that topic with
 * the Kafka source (`decodeJson(transactionSchema)`; malformed records are counted in each query's
 * progress and dead-lettered once, to `fraud.transactions-dlq`). The rule queries' alerts go to
 * `fraud.alerts` (append mode, exactly-once: one transaction per batch), and the alert feed, risk
 * and alert-rate queries read them back from that topic (read_committed) with the Kafka source.
 */
import { Stream, type StreamingQuery } from '@streamlab/core';
import type { RunSummary } from '@streamlab/datagen';
import { decodeJson, instanceReportSchema, kafkaSink, statusTopic, type TopicDeclaration } from '@streamlab/kafka';
import { Feed, type RunningUseCase, type UseCaseContext, type UseCaseSimulation, useCaseKit } from '@streamlab/live';
import type { Alert } from '../domain/alert.js';
import { alertSchema } from '../domain/alert-schema.js';
import { transactionSchema } from '../domain/schemas.js';
import { CARD_KEYED_RULES } from '../pipelines/card-keyed.js';
import { alertStreams, chainedAlertStreams, transactions } from '../pipelines/fraud-pipelines.js';
import { alertRateByRule, amountByChannel, transactionRate } from '../pipelines/kpis.js';
import { merchantTable } from '../pipelines/compromised-merchant.js';
import { profileTable } from '../pipelines/profiles.js';
import { pipelineOptions } from '../pipelines/options.js';
import { riskScores } from '../pipelines/risk.js';
import { fraudSimulator } from '../sim/defaults.js';
import { TRANSACTIONS_TOPIC } from '../sim/model.js';
import { type AlertRow, queries as q } from '../queries.js';
import { SCALE_APPLICATION_ID, SCALE_PARTITIONS } from './scaled.js';

/** The topic alerts are written to. */
export const ALERTS_TOPIC = 'fraud.alerts';
/** The query whose Kafka source writes undecodable transactions to the dead-letter topic (the others only count them). */
export const INGEST_QUERY = q.txRate.id;

export interface LiveOptions {
  cards: number;
  /** Simulated transactions per second at average activity (the dashboard shows `simRatePerSec x speed` per second). */
  simRatePerSec: number;
  /** Incidents per simulated hour, per scenario. */
  incidentsPerHour: number;
  /** Scenarios take turns, the first this many simulated ms after the start (so a new dashboard shows one at once). */
  firstIncidentMs: number;
  /** Spending follows the hour of the day (`true`), or stays at the average rate (the demo: busy at any hour). */
  dailyRhythm: boolean;
  /** Simulated time per wall-clock time (1 = real time). */
  speed: number;
  seed: number;
  /** Wall-clock time the simulator runs for (default a week); it simulates `durationMs x speed`. */
  durationMs: number;
  /** Share of malformed records the simulator sends (they are dead-lettered and counted). */
  malformed: number;
  /** The transactions topic (the dead-letter topic is `<topic>-dlq`). */
  topic: string;
  alertsTopic: string;
}

/**
 * Live demo scale: 10,000 cards (the evaluation has 200,000), so the hub starts in a second or
 * two; 40 transactions per second on the dashboard (8 per simulated second at 5x), an incident
 * every 10 s, the first two (an amount spike, an account takeover) within seconds of the start.
 */
export const LIVE_DEFAULTS: LiveOptions = {
  cards: 10_000,
  simRatePerSec: 8,
  incidentsPerHour: 12,
  firstIncidentMs: 2_000,
  dailyRhythm: false,
  speed: 5,
  seed: 1,
  durationMs: 7 * 24 * 3_600_000,
  malformed: 0.002,
  topic: TRANSACTIONS_TOPIC,
  alertsTopic: ALERTS_TOPIC,
};

/**
 * The topics of a run: transactions in (with a dead-letter topic for those that do not decode), alerts out.
 *
 * @example
 * fraudTopics(); // [{ topic: 'fraud.transactions', deadLetters: true }, { topic: 'fraud.alerts' }]
 */
export function fraudTopics(o: Pick<LiveOptions, 'topic' | 'alertsTopic'> = LIVE_DEFAULTS): TopicDeclaration[] {
  return [{ topic: o.topic, deadLetters: true }, { topic: o.alertsTopic }];
}

/**
 * The options the hub's `--rate` (transactions per wall-clock second) and `--speed` (simulated
 * time per wall-clock time) stand for; what is not given keeps its default (a rate alone keeps
 * the speed, a speed alone keeps the rate on the dashboard).
 *
 * @example
 * simulationOptions({ rate: 100 }); // { simRatePerSec: 20, speed: 5 }
 * simulationOptions({ speed: 1 }); // { simRatePerSec: 40, speed: 1 }: real time, as busy
 */
export function simulationOptions(
  simulation: UseCaseSimulation = {},
  defaults: Pick<LiveOptions, 'simRatePerSec' | 'speed'> = LIVE_DEFAULTS,
): Pick<LiveOptions, 'simRatePerSec' | 'speed'> {
  const speed = simulation.speed ?? defaults.speed;
  const rate = simulation.rate ?? defaults.simRatePerSec * defaults.speed;
  return { simRatePerSec: rate / speed, speed };
}

/**
 * The app with its card-keyed rules scaled out (`serve --instances N`): they run in the instances
 * of the scale-out application (`live/scaled.ts`), not here; this process runs the rest, the
 * simulator and the dashboard, whose ownership panel reads the instances' status topic.
 */
export interface ScaledLive {
  /** Default `fraud-detection`. */
  applicationId?: string;
  /** Starts the instances (child processes, say) once the topics exist; resolves to how to stop them. None: they run elsewhere. */
  startInstances?: () => Promise<() => Promise<void>>;
}

/** The running use case, plus the simulator's end (for tests: resolves when its simulated span is written). */
export interface RunningFraud extends RunningUseCase {
  queries: StreamingQuery[];
  simulated: Promise<RunSummary | null>;
}

/**
 * Creates the topics, starts every query on the transactions topic, then the simulator. Its pace:
 * `options`, else the hub's `ctx.simulation` (`--rate`, `--speed`), else {@link LIVE_DEFAULTS}.
 *
 * @example
 * const running = await startFraudLive(ctx); // ctx.broker.kafka: the hub's Kafka client
 */
export async function startFraudLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}, scaled?: ScaledLive): Promise<RunningFraud> {
  const o: LiveOptions = { ...LIVE_DEFAULTS, ...simulationOptions(ctx.simulation), ...options };
  const status = statusTopic(scaled?.applicationId ?? SCALE_APPLICATION_ID);
  const topics = scaled
    ? [...fraudTopics(o).map((t) => (t.topic === o.topic ? { ...t, partitions: SCALE_PARTITIONS } : t)), { topic: status, partitions: 1 }]
    : fraudTopics(o);
  const kit = await useCaseKit(ctx, { topics });
  const opts = pipelineOptions();
  const { world, model } = fraudSimulator({
    simRatePerSec: o.simRatePerSec,
    cards: o.cards,
    incidentsPerHour: o.incidentsPerHour,
    firstIncidentMs: o.firstIncidentMs,
    dailyRhythm: o.dailyRhythm,
  });
  const decode = decodeJson(transactionSchema);
  // each query reads the topic with its own consumer group; the ingest query dead-letters what does not decode
  const txSource = (reader: string) => kit.read(o.topic, reader, { decode, eventTimeField: 'eventTime', deadLetters: reader === INGEST_QUERY });

  // the rule queries hand their alerts to two in-process feeds: the writer to fraud.alerts, and
  // the exposed-cards join (which reads the merchant flags of this run as they come)
  const toKafka = new Feed<Alert>(`${o.alertsTopic}/writer`);
  const toExposures = new Feed<Alert>(`${o.alertsTopic}/exposures`);
  const feeds = (...to: Feed<Alert>[]) => ({
    description: `alert feeds[${to.map((f) => f.description).join(', ')}]`,
    addBatch(rows: readonly Alert[]) {
      for (const f of to) f.push(rows);
    },
  });

  let rule = 0;
  const tables = { merchants: merchantTable(world.merchantTable), profiles: profileTable(world.profiles) };
  for (const [name, stream] of Object.entries(alertStreams(() => txSource(`rule-${rule++}`), tables, opts))) {
    // scaled out: the card-keyed rules run in the instances, which write fraud.alerts themselves
    if (scaled && CARD_KEYED_RULES.includes(name)) continue;
    kit.run(name, stream, 'append', feeds(toKafka, toExposures));
  }
  const chained = chainedAlertStreams(
    () => Stream.fromSource(toExposures),
    () => txSource('exposures'),
    opts,
  );
  for (const [name, stream] of Object.entries(chained)) kit.run(name, stream, 'append', feeds(toKafka));

  // every alert goes to fraud.alerts once (a transaction per batch) ...
  const writer = kafkaSink<Alert>({ client: kit.kafka, topic: o.alertsTopic, guarantee: 'exactly-once', toRecord: (a) => ({ key: a.entityId, value: a }) });
  kit.run('alerts-to-kafka', Stream.fromSource(toKafka), 'append', writer);
  // ... and the queries downstream read it from there, committed records only
  const decodeAlert = decodeJson(alertSchema);
  const alertSource = (reader: string) =>
    kit
      .read(o.alertsTopic, reader, { decode: decodeAlert, eventTimeField: 'eventTime', isolationLevel: 'read_committed' })
      .withWatermark('eventTime', '1 minute');

  // one row per burst on the feed: overlapping windows that saw it share a dedupKey
  const alertRows = alertSource(q.alerts.id)
    .dropDuplicatesWithinWatermark('dedupKey')
    .map((a): AlertRow => ({ ...a, lat: a.evidence[0]?.lat ?? null, lon: a.evidence[0]?.lon ?? null, evidenceText: evidenceText(a) }));
  kit.publish(q.alerts, alertRows, 'append');
  const risk = riskScores(alertSource(q.risk.id)).map((r) => ({ ...r, reasonText: r.reasons.map((x) => x.reason).join(' · ') }));
  kit.publish(q.risk, risk, 'update');
  kit.publish(q.alertRate, alertRateByRule(alertSource(q.alertRate.id)), 'update');
  kit.publish(q.txRate, transactionRate(transactions(txSource(q.txRate.id), opts)), 'update');
  kit.publish(q.channelAmounts, amountByChannel(transactions(txSource(q.channelAmounts.id), opts)), 'update');
  const recent = transactions(txSource(q.recentTx.id), opts).select('txId', 'cardId', 'lat', 'lon', 'city', 'amount', 'currency', 'channel', 'eventTime');
  kit.publish(q.recentTx, recent, 'append', { volatile: true });
  kit.deadLetters(q.deadLetters, o.topic);
  if (scaled) {
    // who owns which partitions: every instance's reports, the dashboard keeps the newest of each
    kit.publish(q.instances, kit.read(status, q.instances.id, { decode: decodeJson(instanceReportSchema) }), 'append');
    if (scaled.startInstances) kit.onStop(await scaled.startInstances());
  }

  const disorder = { outOfOrder: 0.03, duplicates: 0.01, malformed: o.malformed, late: 0.002, lateDelayMs: 15_000 };
  const simulated = kit.simulate(model, { topic: o.topic, ratePerSec: o.simRatePerSec, speed: o.speed, seed: o.seed, durationMs: o.durationMs, disorder });
  return { ...kit.running(), queries: [...kit.queries], simulated };
}

/**
 * One line per evidence row (the last six), for the alert feed.
 *
 * @example
 * evidenceText(alert); // '10:15:02 tx-00001ab 0.99 EUR e-commerce Paris\n...'
 */
export function evidenceText(a: Alert): string {
  return a.evidence
    .slice(-6)
    .map((e) => `${new Date(e.eventTime).toISOString().slice(11, 19)} ${e.txId} ${e.amount.toFixed(2)} ${e.currency} ${e.channel} ${e.city}`)
    .join('\n');
}
