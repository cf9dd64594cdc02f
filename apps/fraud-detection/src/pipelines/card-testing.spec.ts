import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { cardTestingAlerts } from './card-testing.js';
import { transactions } from './fraud-pipelines.js';
import { pipelineOptions } from './options.js';

const opts = pipelineOptions({ watermark: '15 seconds' }); // 3 probes <= €2, then >= €150, within 10 min
const S = 1000;
const probe = (txId: string, s: number) => txFixture({ txId, channel: 'e-commerce', amount: 0.5, eventTime: T0 + s * S });
const hit = (txId: string, s: number) => txFixture({ txId, channel: 'e-commerce', amount: 900, eventTime: T0 + s * S });
const tick = (s: number) => txFixture({ txId: `tick-${s}`, cardId: 'other', eventTime: T0 + s * S });

function setup() {
  const input = new MemoryStream<Transaction>();
  const alerts = cardTestingAlerts(transactions(input.toStream(), opts), opts).map((a) => ({
    card: a.entityId,
    evidence: a.evidence.map((e) => e.txId).join(','),
    dedupKey: a.dedupKey,
  }));
  return { input, alerts };
}

describe('card-testing query (pattern: probes then a hit)', () => {
  it('matches three probes then a hit once the watermark passes the hit', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, probe('p1', 0), probe('p2', 10), probe('p3', 20), hit('h', 30)),
      checkNewAnswer(), // the hit is not behind the watermark yet
      addData(input, tick(60)),
      checkNewAnswer({ card: 'c1', evidence: 'p1,p2,p3,h', dedupKey: 'card-testing:c1:h' }),
    );
  });

  it('matches in event-time order: probes arriving after the hit (within the delay) still count', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, probe('p1', 0), hit('h', 30)),
      checkNewAnswer(),
      addData(input, probe('p3', 20), probe('p2', 16)), // the watermark is 15 s: both are in time
      addData(input, tick(60)),
      checkNewAnswer({ card: 'c1', evidence: 'p1,p2,p3,h', dedupKey: 'card-testing:c1:h' }),
    );
  });

  it('needs enough probes, and the hit within the time limit; a retried probe is not a new probe', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, probe('p1', 0), probe('p2', 10), probe('p2', 10), hit('h', 30)),
      addData(input, probe('q1', 100), probe('q2', 110), probe('q3', 120), hit('late-hit', 120 + 11 * 60)),
      checkNewAnswer(),
      addData(input, tick(30 * 60)),
      checkNewAnswer(),
    );
  });

  it('overlapping matches of one hit share a dedup key', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, probe('p1', 0), probe('p2', 10), probe('p3', 20), probe('p4', 25), hit('h', 30)),
      addData(input, tick(60)),
      checkNewAnswer(
        { card: 'c1', evidence: 'p1,p2,p3,h', dedupKey: 'card-testing:c1:h' },
        { card: 'c1', evidence: 'p2,p3,p4,h', dedupKey: 'card-testing:c1:h' },
      ),
    );
  });

  it('a probe older than the watermark is dropped, so it cannot complete a match', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(input, probe('p2', 40), probe('p3', 50), tick(60)),
      checkNewAnswer(), // the watermark is now 45 s
      addData(input, probe('p1', 5), hit('h', 70)), // p1 is late
      addData(input, tick(120)),
      checkNewAnswer(),
    );
  });
});
