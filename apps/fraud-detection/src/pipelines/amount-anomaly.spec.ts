import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { profileFixture, T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { amountAnomalyAlerts } from './amount-anomaly.js';
import { transactions } from './fraud-pipelines.js';
import { pipelineOptions } from './options.js';
import { profileTable } from './profiles.js';

const opts = pipelineOptions({ watermark: '30 seconds' });
// c1: a €40 habit; c2: a €400 habit
const profiles = profileTable([profileFixture(), profileFixture({ cardId: 'c2', accountId: 'a2', spendLogMedian: Math.log(400), typicalSpendEur: 400 })]);
const at = (txId: string, seconds: number, over: Partial<Transaction>) => txFixture({ txId, eventTime: T0 + seconds * 1000, ...over });

function setup() {
  const input = new MemoryStream<Transaction>();
  const alerts = amountAnomalyAlerts(transactions(input.toStream(), opts), opts, profiles).map((a) => ({
    card: a.entityId,
    tx: a.evidence[0]!.txId,
    times: a.metrics.timesTypical,
  }));
  return { input, alerts };
}

describe('amount-anomaly query (stream-static join with card profiles)', () => {
  it('alerts in the batch the transaction arrives in, judging each card by its own habit', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, at('t1', 0, { amount: 40 }), at('t2', 1, { amount: 600 }), at('t3', 2, { cardId: 'c2', amount: 600 })),
      checkNewAnswer({ card: 'c1', tx: 't2', times: 15 }),
    );
  });

  it('a card without a profile is not joined (inner join), so not scored', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(addData(input, at('t1', 0, { cardId: 'unknown', amount: 5000 })), checkNewAnswer());
  });

  it('a retried transaction alerts once; one older than the watermark is dropped', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, at('t1', 0, { amount: 900 }), at('t9', 120, { cardId: 'c2', amount: 10 })),
      checkNewAnswer({ card: 'c1', tx: 't1', times: 22.5 }),
      addData(input, at('t1', 0, { amount: 900 }), at('t-late', 10, { amount: 900 })),
      checkNewAnswer(),
    );
  });
});
