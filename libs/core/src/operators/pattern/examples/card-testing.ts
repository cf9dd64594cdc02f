// #region card-testing
import { MemoryStream, pattern } from '@streamlab/core';

interface Tx {
  cardId: string;
  ts: number; // epoch ms
  amount: number;
}

/** "Card testing": a tiny probe charge, then a big charge on the same card within 10 minutes. */
export const cardTesting = pattern<Tx>()
  .begin('probe', (t) => t.amount < 2)
  .followedBy('hit', (t) => t.amount > 500)
  .within('10 minutes');

export const transactions = new MemoryStream<Tx>('transactions');

export const alerts = transactions
  .toStream()
  .withWatermark('ts', '30 seconds')
  .groupByKey((t) => t.cardId)
  .pattern(cardTesting)
  .map((m) => ({ cardId: m.key, probe: m.events.probe[0]!.amount, hit: m.events.hit[0]!.amount, at: m.endMs }));
// #endregion card-testing
