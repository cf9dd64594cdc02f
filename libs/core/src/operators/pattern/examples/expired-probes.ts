// #region expired-probes
import { MemoryStream, pattern, type PatternTimeout, type Sink } from '@streamlab/core';

interface Tx {
  cardId: string;
  ts: number; // epoch ms
  amount: number;
}

const cardTesting = pattern<Tx>()
  .begin('probe', (t) => t.amount < 2)
  .followedBy('hit', (t) => t.amount > 500)
  .within('10 minutes');

/** Probes that were not followed by a big charge in time: kept for the analysts, not alerted on. */
export const expiredProbes: PatternTimeout<string, Tx, 'probe' | 'hit'>[] = [];
const expired: Sink<PatternTimeout<string, Tx, 'probe' | 'hit'>> = {
  description: 'expired probes',
  addBatch: (rows) => void expiredProbes.push(...rows),
};

export const transactions = new MemoryStream<Tx>('transactions');

// The main output has complete matches only; expired partial matches go to `expired`.
export const alerts = transactions
  .toStream()
  .withWatermark('ts', '30 seconds')
  .groupByKey((t) => t.cardId)
  .pattern(cardTesting, { timedOut: expired });
// #endregion expired-probes
