/**
 * The queries the fraud dashboard shows, declared once: `live/start.ts` names and publishes them
 * with these handles, `dashboard/main.ts` subscribes with them, `use-case.ts` points its tile at
 * them. Browser-safe: type-only imports besides the declaration helpers.
 */
import type { Stream } from '@streamlab/core';
import { defineQueries, query } from '@streamlab/live/queries';
import type { InstanceReport } from '@streamlab/kafka';
import type { DeadLetterRow } from '@streamlab/live';
import type { Alert } from './domain/alert.js';
import type { Transaction } from './domain/schemas.js';
import type { alertRateByRule, amountByChannel, transactionRate } from './pipelines/kpis.js';
import type { riskScores } from './pipelines/risk.js';

type Rows<F extends (...args: never[]) => unknown> = ReturnType<F> extends Stream<infer R> ? R : never;

/** One row of the alert feed: the alert, where it happened (its first evidence) and its evidence as text. */
export type AlertRow = Alert & { lat: number | null; lon: number | null; evidenceText: string };
/** Risk per card or merchant and window, with its reasons as text. */
export type RiskRow = Rows<typeof riskScores> & { reasonText: string };
export type TxRateRow = Rows<typeof transactionRate>;
export type ChannelAmountsRow = Rows<typeof amountByChannel>;
export type AlertRateRow = Rows<typeof alertRateByRule>;
/** A recent transaction, for the map. */
export type RecentTxRow = Pick<Transaction, 'txId' | 'cardId' | 'lat' | 'lon' | 'city' | 'amount' | 'currency' | 'channel' | 'eventTime'>;

export const queries = defineQueries({
  alerts: query<AlertRow>('alerts'),
  risk: query<RiskRow>('risk'),
  alertRate: query<AlertRateRow>('alert-rate'),
  /** Its Kafka source dead-letters undecodable transactions (the other queries only count them). */
  txRate: query<TxRateRow>('tx-rate'),
  channelAmounts: query<ChannelAmountsRow>('channel-amounts'),
  recentTx: query<RecentTxRow>('recent-tx'),
  deadLetters: query<DeadLetterRow>('dead-letters'),
  /** Scaled out only (`serve --instances N`): the instances' status reports, who owns which partitions. */
  instances: query<InstanceReport>('instances'),
});
