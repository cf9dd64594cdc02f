import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { makeAlert, type Alert } from '../domain/alert.js';
import { T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { transactions } from './fraud-pipelines.js';
import { alertRateByRule, amountByChannel, transactionRate } from './kpis.js';
import { pipelineOptions } from './options.js';

const S = 1000;
const at = (seconds: number, over: Partial<Transaction> = {}) => txFixture({ eventTime: T0 + seconds * S, ...over });
const w = (startS: number, sizeS: number) => ({ start: T0 + startS * S, end: T0 + (startS + sizeS) * S });

describe('KPI queries (update mode)', () => {
  it('transaction rate: each batch emits only the windows that changed, and keeps counting', async () => {
    const input = new MemoryStream<Transaction>();
    await testStream(transactionRate(input.toStream().withWatermark('eventTime', '10 seconds')), 'update')(
      addData(input, at(1, { amount: 10 }), at(2, { amount: 20 }), at(12, { amount: 5 })),
      checkNewAnswer({ window: w(0, 10), transactions: 2, amountEur: 30 }, { window: w(10, 10), transactions: 1, amountEur: 5 }),
      addData(input, at(13, { amount: 1 })),
      checkNewAnswer({ window: w(10, 10), transactions: 2, amountEur: 6 }),
    );
  });

  it('transaction rate: a row later than the watermark does not change a finished window', async () => {
    const input = new MemoryStream<Transaction>();
    await testStream(transactionRate(input.toStream().withWatermark('eventTime', '10 seconds')), 'update')(
      addData(input, at(1, { amount: 10 }), at(45, { amount: 1 })),
      checkNewAnswer({ window: w(0, 10), transactions: 1, amountEur: 10 }, { window: w(40, 10), transactions: 1, amountEur: 1 }),
      addData(input, at(2, { amount: 99 })), // watermark is 35 s: window [0, 10) is gone
      checkNewAnswer(),
    );
  });

  it('transaction rate over deduplicated transactions: a retry is not counted twice', async () => {
    const input = new MemoryStream<Transaction>();
    const t = at(1, { txId: 'retried', amount: 10 });
    await testStream(transactionRate(transactions(input.toStream(), pipelineOptions({ watermark: '10 seconds' }))), 'update')(
      addData(input, t, t, at(2, { txId: 'other', amount: 5 })),
      checkNewAnswer({ window: w(0, 10), transactions: 2, amountEur: 15 }),
    );
  });

  it('amount per channel per minute, in euros', async () => {
    const input = new MemoryStream<Transaction>();
    await testStream(amountByChannel(input.toStream().withWatermark('eventTime', '10 seconds')), 'update')(
      addData(input, at(1, { amount: 10 }), at(2, { amount: 100, currency: 'GBP', channel: 'e-commerce' }), at(3, { amount: 5 })),
      checkNewAnswer(
        { window: w(0, 60), channel: 'card-present', transactions: 2, amountEur: 15 },
        { window: w(0, 60), channel: 'e-commerce', transactions: 1, amountEur: 117 },
      ),
    );
  });

  it('alert rate by rule per minute', async () => {
    const input = new MemoryStream<Alert>();
    const alert = (rule: Alert['rule'], s: number) =>
      makeAlert({ rule, entityType: 'card', entityId: `c${s}`, eventTime: T0 + s * S, score: 1, reason: 'r', evidence: [], metrics: {} });
    await testStream(alertRateByRule(input.toStream().withWatermark('eventTime', '1 minute')), 'update')(
      addData(input, alert('velocity', 1), alert('velocity', 2), alert('card-testing', 3)),
      checkNewAnswer({ window: w(0, 60), rule: 'velocity', alerts: 2 }, { window: w(0, 60), rule: 'card-testing', alerts: 1 }),
    );
  });
});
