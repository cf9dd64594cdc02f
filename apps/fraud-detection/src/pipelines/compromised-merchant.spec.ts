import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { merchantFixture, T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { compromisedMerchantAlerts, merchantTable } from './compromised-merchant.js';
import { pipelineOptions } from './options.js';

// 5-minute windows every minute (fewer rows to list), 30 s watermark, surge at 10 distinct cards
const opts = pipelineOptions({ watermark: '30 seconds', merchantSlide: '1 minute' });
const S = 1000;
const merchants = merchantTable([merchantFixture({ usualCardsPer5Min: 1 })]);
const at = (seconds: number, cardId: string, over: Partial<Transaction> = {}) => txFixture({ eventTime: T0 + seconds * S, cardId, ...over });
const tick = (seconds: number) => at(seconds, 'other', { merchantId: 'm-elsewhere' });

function setup() {
  const input = new MemoryStream<Transaction>();
  const alerts = compromisedMerchantAlerts(input.toStream().withWatermark('eventTime', opts.watermark), opts, merchants).map((a) => ({
    merchant: a.entityId,
    distinctCards: a.metrics.distinctCards,
    windowStart: a.metrics.windowStart,
  }));
  return { input, alerts };
}
const ring = (n: number, from = 0) => Array.from({ length: n }, (_, i) => at(from + i * 5, `stolen-${i}`));
const row = (distinctCards: number, startMinutes: number) => ({ merchant: 'm-grocer', distinctCards, windowStart: T0 + startMinutes * 60 * S });

describe('compromised-merchant query (distinct cards per merchant per window)', () => {
  it('flags a merchant that sees many distinct cards within minutes, once per window', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, ring(12)), // 12 cards within 55 s
      checkNewAnswer(),
      addData(input, tick(7 * 60)),
      checkNewAnswer(...[-4, -3, -2, -1, 0].map((m) => row(12, m))),
    );
  });

  it('counts cards, not transactions: one card paying many times is not a surge', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(
        input,
        Array.from({ length: 15 }, (_, i) => at(i * 5, 'same-card')),
      ),
      addData(input, tick(7 * 60)),
      checkNewAnswer(),
    );
  });

  it('a retried (duplicate) transaction does not add a card; a late one does not reopen a closed window', async () => {
    const { input, alerts } = setup();
    const nine = ring(9);
    await testStream(alerts, 'append')(
      addData(input, [...nine, ...nine]), // every transaction twice: still 9 distinct cards
      addData(input, tick(7 * 60)),
      checkNewAnswer(),
      addData(input, at(50, 'stolen-late')), // would be the 10th card, but its windows are closed
      checkNewAnswer(),
      addData(input, tick(14 * 60)),
      checkNewAnswer(),
    );
  });
});
