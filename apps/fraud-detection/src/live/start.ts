/**
 * Runs the use case live, the way the product promises: the simulator, paced in real time, writes
 * transactions to the Kafka topic `fraud.transactions` on the hub's broker (embedded unless
 * `KAFKA_BROKERS` is set or the hub started one with `--kafka`); every query reads that topic with
 * the Kafka source (`decodeJson(transactionSchema)`; malformed records are counted in each query's
 * progress and dead-lettered once, to `fraud.transactions-dlq`). Alerts go to the dashboard and to
 * `fraud.alerts` (append mode, exactly-once), and feed the risk and KPI queries.
 */
import { Stream, StreamingSession, type Sink, type StreamingQuery } from '@streamlab/core';
import { kafkaOutput, runSimulation, Simulation, type RunSummary } from '@streamlab/datagen';
import { deadLetterTopic, decodeJson, endOffsets, ensureTopics, kafkaSink, kafkaSource } from '@streamlab/kafka';
import { deadLetterQuery, Feed, liveSink, type LiveQuery, type RunningUseCase, type UseCaseContext } from '@streamlab/live';
import type { Alert } from '../domain/alert.js';
import { transactionSchema, type Transaction } from '../domain/schemas.js';
import { alertStreams, chainedAlertStreams, transactions } from '../pipelines/fraud-pipelines.js';
import { alertRateByRule, amountByChannel, transactionRate } from '../pipelines/kpis.js';
import { merchantTable } from '../pipelines/compromised-merchant.js';
import { profileTable } from '../pipelines/profiles.js';
import { pipelineOptions } from '../pipelines/options.js';
import { riskScores } from '../pipelines/risk.js';
import { fraudSimulator } from '../sim/defaults.js';
import { TRANSACTIONS_TOPIC } from '../sim/model.js';
import { queries as q, type AlertRow } from '../queries.js';

/** The topic alerts are written to. */
export const ALERTS_TOPIC = 'fraud.alerts';
/** The query whose Kafka source writes undecodable transactions to the dead-letter topic (the others only count them). */
export const INGEST_QUERY = q.txRate.id;
const TRIGGER = { processingTime: '500 milliseconds' } as const;

export interface LiveOptions {
  cards: number;
  /** Simulated transactions per second at average activity. */
  simRatePerSec: number;
  incidentsPerHour: number;
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

/** Live demo scale: fewer cards than the evaluation, so the hub starts fast. */
export const LIVE_DEFAULTS: LiveOptions = {
  cards: 40_000,
  simRatePerSec: 8,
  incidentsPerHour: 30,
  speed: 1,
  seed: 1,
  durationMs: 7 * 24 * 3_600_000,
  malformed: 0.002,
  topic: TRANSACTIONS_TOPIC,
  alertsTopic: ALERTS_TOPIC,
};

/** The running use case, plus the simulator's end (for tests: resolves when its simulated span is written). */
export interface RunningFraud extends RunningUseCase {
  queries: StreamingQuery[];
  simulated: Promise<RunSummary | null>;
}

/**
 * Creates the topics, starts every query on the transactions topic, then the simulator.
 *
 * @example
 * const running = await startFraudLive(ctx); // ctx.broker.kafka: the hub's Kafka client
 */
export async function startFraudLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}): Promise<RunningFraud> {
  const o = { ...LIVE_DEFAULTS, ...options };
  const { kafka } = ctx.broker;
  await ensureTopics(kafka, [{ topic: o.topic, deadLetters: true }, { topic: o.alertsTopic }]);
  const deadLetters = deadLetterTopic(o.topic);
  // every query starts where the topic ends now: it reads all that this run's simulator writes
  const startingOffsets = await endOffsets(kafka, o.topic);
  const deadLettersFrom = await endOffsets(kafka, deadLetters);
  const opts = pipelineOptions();
  const { world, model } = fraudSimulator(o);
  const merchants = merchantTable(world.merchantTable);
  const decode = decodeJson(transactionSchema);
  // consumed offsets are committed to `<topic>.<reader>` (for lag tools; the query's own offsets are the truth)
  const txSource = (reader: string): Stream<Transaction> =>
    Stream.fromSource<Transaction>(
      kafkaSource({
        client: kafka,
        subscribe: o.topic,
        groupId: `${o.topic}.${reader}`,
        startingOffsets,
        decode,
        eventTimeField: 'eventTime',
        deadLetter: reader === INGEST_QUERY ? { topic: deadLetters } : false,
      }),
    );
  const alertFeeds: Feed<Alert>[] = [];
  const rawAlertSource = (name: string) => {
    const f = new Feed<Alert>(`${o.alertsTopic}/${name}`);
    alertFeeds.push(f);
    return Stream.fromSource(f);
  };
  const alertSource = (name: string) => rawAlertSource(name).withWatermark('eventTime', '1 minute');
  const queries: StreamingQuery[] = [];
  // the use case's queries log through the hub's logger (the core's default session logs nothing)
  const session = new StreamingSession({ logger: ctx.logger });

  let rule = 0;
  for (const [name, stream] of Object.entries(alertStreams(() => txSource(`rule-${rule++}`), { merchants, profiles: profileTable(world.profiles) }, opts))) {
    queries.push(
      stream.writeStream
        .session(session)
        .outputMode('append')
        .trigger(TRIGGER)
        .queryName(name)
        .foreachBatch((rows) => {
          for (const f of alertFeeds) f.push(rows);
        })
        .start(),
    );
  }
  // queries that read the alerts as well as transactions, and publish into them
  for (const [name, stream] of Object.entries(
    chainedAlertStreams(
      () => rawAlertSource('exposures'),
      () => txSource('exposures'),
      opts,
    ),
  )) {
    queries.push(
      stream.writeStream
        .session(session)
        .outputMode('append')
        .trigger(TRIGGER)
        .queryName(name)
        .foreachBatch((rows) => {
          for (const f of alertFeeds) if (!f.description.endsWith('/exposures')) f.push(rows);
        })
        .start(),
    );
  }
  const start = <T>(name: string, s: Stream<T>, mode: 'append' | 'update', sink: Sink<T>) =>
    queries.push(s.writeStream.session(session).outputMode(mode).trigger(TRIGGER).queryName(name).sink(sink).start());
  // a dashboard query: its name and row type come from its handle in ../queries.ts
  const publish = <T extends object>(query: LiveQuery<T>, s: Stream<T>, mode: 'append' | 'update', extra: { volatile?: boolean } = {}) =>
    start(query.id, s, mode, liveSink(ctx, query, extra));

  // one row per burst on the feed: overlapping windows that saw it share a dedupKey
  publish(
    q.alerts,
    alertSource('alerts')
      .dropDuplicatesWithinWatermark('dedupKey')
      .map((a): AlertRow => ({ ...a, lat: a.evidence[0]?.lat ?? null, lon: a.evidence[0]?.lon ?? null, evidenceText: evidenceText(a) })),
    'append',
  );
  start(
    'alerts-to-kafka',
    alertSource('kafka'),
    'append',
    kafkaSink<Alert>({ client: kafka, topic: o.alertsTopic, guarantee: 'exactly-once', toRecord: (a) => ({ key: a.entityId, value: a }) }),
  );
  publish(
    q.risk,
    riskScores(alertSource('risk')).map((r) => ({ ...r, reasonText: r.reasons.map((x) => x.reason).join(' · ') })),
    'update',
  );
  publish(q.alertRate, alertRateByRule(alertSource('rate')), 'update');
  publish(q.txRate, transactionRate(transactions(txSource(q.txRate.id), opts)), 'update');
  publish(q.channelAmounts, amountByChannel(transactions(txSource(q.channelAmounts.id), opts)), 'update');
  publish(
    q.recentTx,
    transactions(txSource(q.recentTx.id), opts).select('txId', 'cardId', 'lat', 'lon', 'city', 'amount', 'currency', 'channel', 'eventTime'),
    'append',
    { volatile: true },
  );
  queries.push(deadLetterQuery({ kafka, topic: deadLetters, startingOffsets: deadLettersFrom, trigger: TRIGGER, sink: liveSink(ctx, q.deadLetters), session }));

  // run-time rate = simulated rate x speed; starts now, in simulated time
  const sim = new Simulation(model, {
    seed: o.seed,
    ratePerSec: o.simRatePerSec * o.speed,
    speed: o.speed,
    durationMs: o.durationMs,
    startMs: Date.now(),
    disorder: { outOfOrder: 0.03, duplicates: 0.01, malformed: o.malformed, late: 0.002, lateDelayMs: 15_000 },
  });
  const abort = new AbortController();
  ctx.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const simulated = runSimulation(sim, kafkaOutput({ client: kafka, topic: o.topic, labelsTopic: null }), { signal: abort.signal, logger: ctx.logger }).catch(
    (err: unknown) => {
      ctx.logger.error({ err }, 'fraud simulator stopped');
      return null;
    },
  );
  return {
    queries,
    simulated,
    async stop() {
      abort.abort();
      const summary = await simulated;
      ctx.logger.info({ emitted: summary?.stats.emitted, malformed: summary?.stats.malformed }, 'fraud simulator stopped');
    },
  };
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
