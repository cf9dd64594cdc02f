import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, assertOnQuery, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { transactions } from './fraud-pipelines.js';
import { pipelineOptions } from './options.js';
import { velocityAlerts } from './velocity.js';

const opts = pipelineOptions({ watermark: '30 seconds', velocitySlide: '30 seconds' }); // 5-minute windows every 30 s, alert at 6
const S = 1000;
const at = (seconds: number, over: Partial<Transaction> = {}) => txFixture({ eventTime: T0 + seconds * S, ...over });
/** Another card far ahead in event time: moves the watermark. */
const tick = (seconds: number) => at(seconds, { cardId: 'other' });

function setup() {
  const input = new MemoryStream<Transaction>();
  const alerts = velocityAlerts(input.toStream().withWatermark('eventTime', opts.watermark), opts).map((a) => ({
    card: a.entityId,
    txCount: a.metrics.txCount,
    windowStart: a.metrics.windowStart,
    evidence: a.evidence.length,
  }));
  return { input, alerts };
}
const row = (txCount: number, startSeconds: number) => ({ card: 'c1', txCount, windowStart: T0 + startSeconds * S, evidence: txCount });
const droppedByWatermark = (q: { recentProgress: { stateOperators: { numRowsDroppedByWatermark: number }[] }[] }) =>
  q.recentProgress.flatMap((p) => p.stateOperators).reduce((s, op) => s + op.numRowsDroppedByWatermark, 0);

describe('velocity query (sliding window + watermark, append mode)', () => {
  it('emits a window once the watermark passes its end: every window holding six or more of the burst', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(
        input,
        [0, 5, 10, 15, 20, 25, 30].map((s) => at(s)),
      ),
      checkNewAnswer(),
      addData(input, tick(6 * 60)),
      // windows starting -240 s ... 0 s hold all 7; the window [-270 s, 30 s) holds the first 6
      checkNewAnswer(row(6, -270), ...[-240, -210, -180, -150, -120, -90, -60, -30, 0].map((s) => row(7, s))),
    );
  });

  it('stays quiet for ordinary spending', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(
        input,
        [0, 100, 200, 300, 400, 500, 600].map((s) => at(s)),
      ),
      addData(input, tick(60 * 60)),
      checkNewAnswer(),
    );
  });

  it('counts a transaction out of order within the watermark delay', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(
        input,
        [0, 5, 10, 15, 25, 40].map((s) => at(s)),
      ),
      checkNewAnswer(), // that batch ran: the watermark is now 10 s past T0
      addData(input, at(20)), // 20 s behind the newest, inside the 30 s delay
      addData(input, tick(6 * 60)),
      // the same windows as an in-order burst: the 20 s row counted in all of them
      checkNewAnswer(row(6, -270), ...[-240, -210, -180, -150, -120, -90, -60, -30, 0].map((s) => row(7, s))),
    );
  });

  it('drops a transaction older than the watermark, and counts it as dropped', async () => {
    const { input, alerts } = setup();
    await testStream(alerts, 'append')(
      addData(
        input,
        [0, 5, 10, 15, 20].map((s) => at(s)),
      ),
      addData(input, tick(10 * 60)), // watermark 9.5 min: every window of the burst is closed (5 rows: no alert)
      checkNewAnswer(),
      addData(input, at(25), at(30)), // late: would have made 7
      checkNewAnswer(),
      addData(input, tick(20 * 60)),
      checkNewAnswer(),
      assertOnQuery((q) => droppedByWatermark(q) >= 2, 'the two late transactions are counted as dropped'),
    );
  });

  it('retried transactions (same txId) do not inflate the count once deduplicated', async () => {
    const input = new MemoryStream<Transaction>();
    const alerts = velocityAlerts(transactions(input.toStream(), opts), opts);
    const burst = [0, 5, 10, 15].map((sec) => at(sec, { txId: `t${sec}` }));
    await testStream(alerts, 'append')(
      addData(input, [...burst, ...burst]), // every transaction retried: 8 rows, 4 transactions
      addData(input, tick(6 * 60)),
      checkNewAnswer(),
    );
  });
});
