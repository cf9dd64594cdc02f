import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { evidenceOf, makeAlert, type Alert } from '../domain/alert.js';
import { T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { exposedCardAlerts } from './exposed-cards.js';
import { transactions } from './fraud-pipelines.js';
import { pipelineOptions } from './options.js';

const opts = pipelineOptions({ watermark: '30 seconds' });
const MIN = 60_000;
const merchantAlert = (cards: string[], at: number): Alert =>
  makeAlert({
    rule: 'compromised-merchant',
    entityType: 'merchant',
    entityId: 'm-bad',
    eventTime: T0 + at * MIN,
    score: 0.9,
    reason: 'surge',
    evidence: cards.map((cardId, i) => evidenceOf(txFixture({ txId: `ring-${cardId}`, cardId, merchantId: 'm-bad', eventTime: T0 + at * MIN - i * 1000 }))),
    metrics: {},
  });
const use = (txId: string, cardId: string, minutes: number, merchantId = 'm-shop') => txFixture({ txId, cardId, merchantId, eventTime: T0 + minutes * MIN });

function setup() {
  const alerts = new MemoryStream<Alert>();
  const tx = new MemoryStream<Transaction>();
  const out = exposedCardAlerts(alerts.toStream(), transactions(tx.toStream(), opts)).map((a) => ({
    card: a.entityId,
    tx: a.evidence[0]!.txId,
    merchant: a.merchantId,
  }));
  return { alerts, tx, out };
}

describe('exposed-cards query (stream-stream join with an event-time range)', () => {
  it('flags a card seen at the compromised merchant and used elsewhere within the hour, whichever side arrives first', async () => {
    const { alerts, tx, out } = setup();
    await testStream(out, 'append')(
      addData(tx, use('t1', 'c1', 5)), // used elsewhere before the alert reached the query
      addData(alerts, merchantAlert(['c1', 'c2'], 2)),
      checkNewAnswer({ card: 'c1', tx: 't1', merchant: 'm-bad' }),
      addData(tx, use('t2', 'c2', 20), use('t3', 'c3', 20), use('t4', 'c1', 21, 'm-bad')),
      checkNewAnswer({ card: 'c2', tx: 't2', merchant: 'm-bad' }),
    );
  });

  it('ignores uses before the flag and more than an hour after it', async () => {
    const { alerts, tx, out } = setup();
    await testStream(out, 'append')(addData(alerts, merchantAlert(['c1'], 10)), addData(tx, use('t1', 'c1', 9), use('t2', 'c1', 10 + 61)), checkNewAnswer());
  });

  it('repeated merchant alerts (one per window) expose a card once', async () => {
    const { alerts, tx, out } = setup();
    await testStream(out, 'append')(
      addData(alerts, merchantAlert(['c1'], 2), merchantAlert(['c1'], 2.25), merchantAlert(['c1'], 2.5)),
      addData(tx, use('t1', 'c1', 5)),
      checkNewAnswer({ card: 'c1', tx: 't1', merchant: 'm-bad' }),
    );
  });

  it('a re-flag in a later batch, after the watermark moved past the first flag, is the same exposure', async () => {
    const { alerts, tx, out } = setup();
    await testStream(out, 'append')(
      addData(alerts, merchantAlert(['c1'], 2)),
      addData(tx, use('t1', 'c1', 5)),
      checkNewAnswer({ card: 'c1', tx: 't1', merchant: 'm-bad' }),
      addData(alerts, merchantAlert(['c8'], 4.1)), // another merchant alert moves the alerts' watermark
      checkNewAnswer(),
      addData(alerts, merchantAlert(['c1'], 3.6)), // the next window flags m-bad again, c1 still in it
      checkNewAnswer(), // no second alert for t1
    );
  });

  it('the query watermark is the slower input: a transaction is late only once both inputs moved past it', async () => {
    const { alerts, tx, out } = setup();
    await testStream(out, 'append')(
      addData(alerts, merchantAlert(['c1'], 2)),
      addData(tx, use('t-new', 'c9', 30)),
      checkNewAnswer(), // transactions' watermark 29.5 min, alerts' 2 - 60 min: the query's is the alerts'
      addData(tx, use('t-in-time', 'c1', 5)),
      checkNewAnswer({ card: 'c1', tx: 't-in-time', merchant: 'm-bad' }),
      addData(alerts, merchantAlert(['c7'], 100)), // alerts' watermark 40 min: the query's is now 29.5 min
      checkNewAnswer(),
      addData(tx, use('t-late', 'c1', 6)),
      checkNewAnswer(),
    );
  });
});
