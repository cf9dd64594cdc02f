/**
 * Runs the use case live: the simulator paced in real time feeds the rule queries; their alerts go
 * to the dashboard and to Kafka (`fraud.alerts`, exactly-once, when the hub has a Kafka client),
 * and feed the risk and KPI queries.
 */
import { Stream, type Sink, type StreamingQuery } from '@streamlab/core';
import { recordText, runSimulation, Simulation, type SimOutput } from '@streamlab/datagen';
import { kafkaSink, type KafkaClient } from '@streamlab/kafka';
import { socketioSink, type RunningUseCase, type UseCaseContext } from '@streamlab/live';
import type { Alert } from '../domain/alert.js';
import { decodeTransaction } from '../domain/decode.js';
import type { Transaction } from '../domain/schemas.js';
import { alertStreams, chainedAlertStreams, transactions } from '../pipelines/fraud-pipelines.js';
import { alertRateByRule, amountByChannel, transactionRate } from '../pipelines/kpis.js';
import { merchantTable } from '../pipelines/compromised-merchant.js';
import { profileTable } from '../pipelines/profiles.js';
import { pipelineOptions } from '../pipelines/options.js';
import { riskScores } from '../pipelines/risk.js';
import { fraudSimulator } from '../sim/defaults.js';
import { Feed } from './feed.js';

/** The topic alerts are written to. */
export const ALERTS_TOPIC = 'fraud.alerts';
const TRIGGER = { processingTime: '500 milliseconds' } as const;
export interface LiveOptions {
  cards: number;
  /** Simulated transactions per second at average activity. */
  simRatePerSec: number;
  incidentsPerHour: number;
  /** Simulated time per wall-clock time (1 = real time). */
  speed: number;
  seed: number;
}

/** Live demo scale: fewer cards than the evaluation, so the hub starts fast. */
export const LIVE_DEFAULTS: LiveOptions = { cards: 40_000, simRatePerSec: 8, incidentsPerHour: 30, speed: 1, seed: 1 };

/**
 * Starts the simulator and every query of the use case.
 *
 * @example
 * const running = startFraudLive(ctx);
 */
export function startFraudLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}): RunningUseCase {
  const o = { ...LIVE_DEFAULTS, ...options };
  const opts = pipelineOptions();
  const { world, model } = fraudSimulator(o);
  const merchants = merchantTable(world.merchantTable);
  const txFeeds: Feed<Transaction>[] = [];
  const alertFeeds: Feed<Alert>[] = [];
  const txSource = (name: string) => {
    const f = new Feed<Transaction>(`transactions/${name}`);
    txFeeds.push(f);
    return Stream.fromSource(f);
  };
  const rawAlertSource = (name: string) => {
    const f = new Feed<Alert>(`${ALERTS_TOPIC}/${name}`);
    alertFeeds.push(f);
    return Stream.fromSource(f);
  };
  const alertSource = (name: string) => rawAlertSource(name).withWatermark('eventTime', '1 minute');
  const live = <T extends object>(query: string, extra: { volatile?: boolean } = {}) => socketioSink<T>({ namespace: ctx.namespace, hub: ctx.hub, query, ...extra });
  const queries: StreamingQuery[] = [];

  let rule = 0;
  for (const [name, stream] of Object.entries(alertStreams(() => txSource(`rule-${rule++}`), { merchants, profiles: profileTable(world.profiles) }, opts))) {
    queries.push(
      stream.writeStream
        .outputMode('append')
        .trigger(TRIGGER)
        .queryName(name)
        .foreachBatch((rows) => {
          for (const f of alertFeeds) f.push(rows);
        })
        .start(),
    );
  }
  // queries that read the alerts topic as well as transactions, and publish into it
  for (const [name, stream] of Object.entries(chainedAlertStreams(() => rawAlertSource('exposures'), () => txSource('exposures'), opts))) {
    queries.push(
      stream.writeStream
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
    queries.push(s.writeStream.outputMode(mode).trigger(TRIGGER).queryName(name).sink(sink).start());

  // one row per burst on the feed: overlapping windows that saw it share a dedupKey
  start('alerts', alertSource('alerts').dropDuplicatesWithinWatermark('dedupKey').map((a) => ({ ...a, lat: a.evidence[0]?.lat ?? null, lon: a.evidence[0]?.lon ?? null, evidenceText: evidenceText(a) })), 'append', live('alerts'));
  const kafka = ctx.broker.kafka as KafkaClient | undefined;
  if (kafka) {
    start('alerts-to-kafka', alertSource('kafka'), 'append', kafkaSink<Alert>({ client: kafka, topic: ALERTS_TOPIC, guarantee: 'exactly-once', toRecord: (a) => ({ key: a.entityId, value: a }) }));
  }
  start('risk', riskScores(alertSource('risk')).map((r) => ({ ...r, reasonText: r.reasons.map((x) => x.reason).join(' · ') })), 'update', live('risk'));
  start('alert-rate', alertRateByRule(alertSource('rate')), 'update', live('alert-rate'));
  start('tx-rate', transactionRate(transactions(txSource('tx-rate'), opts)), 'update', live('tx-rate'));
  start('channel-amounts', amountByChannel(transactions(txSource('channel'), opts)), 'update', live('channel-amounts'));
  start('recent-tx', transactions(txSource('map'), opts).select('txId', 'cardId', 'lat', 'lon', 'city', 'amount', 'currency', 'channel', 'eventTime'), 'append', live('recent-tx', { volatile: true }));

  // run-time rate = simulated rate x speed; starts now, in simulated time
  const sim = new Simulation(model, { seed: o.seed, ratePerSec: o.simRatePerSec * o.speed, speed: o.speed, durationMs: 7 * 24 * 3_600_000, startMs: Date.now(), disorder: { outOfOrder: 0.03, duplicates: 0.01, malformed: 0.002, late: 0.002, lateDelayMs: 15_000 } });
  let deadLetters = 0;
  const output: SimOutput<Transaction> = {
    description: 'fraud-detection feeds',
    write(batch) {
      const rows: Transaction[] = [];
      for (const env of batch.envelopes) {
        const d = decodeTransaction(recordText(env));
        if (d.ok) rows.push(d.value);
        else deadLetters += 1;
      }
      for (const f of txFeeds) f.push(rows);
    },
  };
  const abort = new AbortController();
  ctx.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const running = runSimulation(sim, output, { signal: abort.signal, logger: ctx.logger }).catch((err: unknown) => ctx.logger.error({ err }, 'fraud simulator stopped'));
  return {
    queries,
    async stop() {
      abort.abort();
      await running;
      ctx.logger.info({ deadLetters }, 'fraud simulator stopped');
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
