import { describe, expect, it } from 'vitest';
import { MemoryStream, type Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { cardKeyedAlerts } from './card-keyed.js';
import { cardTestingAlerts } from './card-testing.js';
import { transactions } from './fraud-pipelines.js';
import { impossibleTravelAlerts } from './impossible-travel.js';
import { pipelineOptions } from './options.js';
import { velocityAlerts } from './velocity.js';

const opts = pipelineOptions();
const S = 1000;
const NEW_YORK = { city: 'New York', country: 'US', lat: 40.7128, lon: -74.006 };
const online = { channel: 'e-commerce' as const };

/** A velocity burst (card v), a card-testing run (card ct), an impossible journey (card it), a retried transaction, ordinary use (card o). */
function input(): Transaction[][] {
  const burst = [0, 5, 10, 15, 20, 25, 30].map((s) => txFixture({ txId: `v${s}`, cardId: 'v', eventTime: T0 + s * S }));
  const testing = [0, 10, 20].map((s) => txFixture({ txId: `p${s}`, cardId: 'ct', ...online, amount: 0.5, eventTime: T0 + s * S }));
  const hit = txFixture({ txId: 'hit', cardId: 'ct', ...online, amount: 900, eventTime: T0 + 30 * S });
  const travel = [txFixture({ txId: 'paris', cardId: 'it', eventTime: T0 }), txFixture({ txId: 'ny', cardId: 'it', eventTime: T0 + 600 * S, ...NEW_YORK })];
  const ordinary = [0, 200, 400].map((s) => txFixture({ txId: `o${s}`, cardId: 'o', eventTime: T0 + s * S }));
  return [
    [...burst, ...testing, travel[0]!],
    [hit, burst[3]!, travel[1]!],
    [...ordinary, txFixture({ txId: 'tick', cardId: 'o', eventTime: T0 + 3_600 * S })],
  ];
}

async function alertsOf(build: (tx: Stream<Transaction>) => Stream<Alert>): Promise<string[]> {
  const source = new MemoryStream<Transaction>();
  const out: string[] = [];
  const q = build(source.toStream())
    .writeStream.outputMode('append')
    .foreachBatch((rows) => {
      for (const a of rows) out.push(a.alertId);
    })
    .start();
  for (const batch of input()) {
    source.addData(batch);
    await q.processAllAvailable();
  }
  await q.stop();
  return out.sort();
}

describe('card-keyed rules as one query (what runs scaled out)', () => {
  it('gives exactly the alerts of the velocity, impossible-travel and card-testing queries', async () => {
    const one = await alertsOf((tx) => cardKeyedAlerts(tx, opts));
    const apart = [
      ...(await alertsOf((tx) => velocityAlerts(transactions(tx, opts), opts))),
      ...(await alertsOf((tx) => impossibleTravelAlerts(transactions(tx, opts), opts))),
      ...(await alertsOf((tx) => cardTestingAlerts(transactions(tx, opts), opts))),
    ].sort();
    expect(one).toEqual(apart);
    // each rule fired (the velocity burst in several overlapping windows)
    expect(new Set(one.map((id) => id.split(':')[0]))).toEqual(new Set(['velocity', 'impossible-travel', 'card-testing']));
  });
});
