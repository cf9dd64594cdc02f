import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, assertOnQuery, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { transactions } from './fraud-pipelines.js';
import { impossibleTravelAlerts } from './impossible-travel.js';
import { pipelineOptions } from './options.js';

const opts = pipelineOptions({ watermark: '30 seconds' });
const MIN = 60_000;
const PARIS = { city: 'Paris', country: 'FR', lat: 48.8566, lon: 2.3522 };
const NEW_YORK = { city: 'New York', country: 'US', lat: 40.7128, lon: -74.006 };
const LYON = { city: 'Lyon', country: 'FR', lat: 45.764, lon: 4.8357 };
const use = (txId: string, minutes: number, place: typeof PARIS, over: Partial<Transaction> = {}) =>
  txFixture({ txId, eventTime: T0 + minutes * MIN, ...place, ...over });

function setup() {
  const input = new MemoryStream<Transaction>();
  const alerts = impossibleTravelAlerts(transactions(input.toStream(), opts), opts).map((a) => ({
    card: a.entityId,
    from: a.evidence[0]!.city,
    to: a.evidence[1]!.city,
    at: a.eventTime,
  }));
  return { input, alerts };
}

describe('impossible-travel query (flatMapGroupsWithState per card)', () => {
  it('alerts when a card is used in Paris then in New York 20 minutes later, across batches', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, use('t1', 0, PARIS)),
      checkNewAnswer(),
      addData(input, use('t2', 20, NEW_YORK)),
      checkNewAnswer({ card: 'c1', from: 'Paris', to: 'New York', at: T0 + 20 * MIN }),
    );
  });

  it('accepts a plausible journey, ignores online use, and keeps cards apart', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, use('t1', 0, PARIS), use('t2', 5, NEW_YORK, { channel: 'e-commerce' }), use('t3', 0, NEW_YORK, { cardId: 'c2' })),
      checkNewAnswer(),
      addData(input, use('t4', 180, LYON)), // 390 km in 3 hours
      checkNewAnswer(),
    );
  });

  it('a retried transaction does not alert twice; an out-of-order use within the watermark is still compared', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, use('t1', 0, PARIS), use('t2', 1, NEW_YORK)),
      checkNewAnswer({ card: 'c1', from: 'Paris', to: 'New York', at: T0 + MIN }),
      addData(input, use('t2', 1, NEW_YORK)), // the terminal retried: dropped by dedup
      checkNewAnswer(),
      addData(input, use('t3', 1.25, NEW_YORK), use('t4', 1.2, PARIS)), // t4 is 3 s behind the newest
      // compared in event-time order: New York (1:00) -> Paris (1:12) -> New York (1:15)
      checkNewAnswer({ card: 'c1', from: 'New York', to: 'Paris', at: T0 + 1.2 * MIN }, { card: 'c1', from: 'Paris', to: 'New York', at: T0 + 1.25 * MIN }),
    );
  });

  it('drops a use older than the watermark instead of comparing it', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, use('t1', 0, PARIS), use('x', 10, PARIS, { cardId: 'other' })),
      checkNewAnswer(), // the batch ran: the watermark is now 9.5 minutes past T0
      addData(input, use('t2', 2, NEW_YORK)), // 8 minutes behind the newest: late
      checkNewAnswer(),
      assertOnQuery((q) => q.recentProgress.some((p) => p.stateOperators.some((op) => op.numRowsDroppedByWatermark > 0)), 'the late use is counted as dropped'),
    );
  });
});
