import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { makeAlert, type Alert, type RuleId } from '../domain/alert.js';
import { T0 } from '../domain/fixtures.js';
import { riskScores } from './risk.js';

const alert = (rule: RuleId, card: string, s: number) =>
  makeAlert({ rule, entityType: 'card', entityId: card, eventTime: T0 + s * 1000, score: 1, reason: `${rule} on ${card}`, evidence: [], metrics: {} });

describe('risk query (alerts grouped per card, update mode)', () => {
  it('scores a card, then raises the score when another rule fires, emitting only what changed', async () => {
    const input = new MemoryStream<Alert>();
    const q = riskScores(input.toStream().withWatermark('eventTime', '1 minute')).map((r) => ({
      card: r.entityId,
      score: r.score,
      decision: r.decision,
      rules: r.reasons.map((x) => x.rule).join(','),
    }));
    await testStream(q, 'update')(
      addData(input, alert('velocity', 'c1', 0), alert('amount-anomaly', 'c2', 1)),
      checkNewAnswer({ card: 'c1', score: 60, decision: 'review', rules: 'velocity' }, { card: 'c2', score: 70, decision: 'review', rules: 'amount-anomaly' }),
      addData(input, alert('impossible-travel', 'c1', 30)),
      checkNewAnswer({ card: 'c1', score: 96, decision: 'block', rules: 'impossible-travel,velocity' }),
    );
  });

  it('an alert delivered twice does not raise the score; a late alert does not reopen a closed window', async () => {
    const input = new MemoryStream<Alert>();
    const q = riskScores(input.toStream().withWatermark('eventTime', '1 minute')).map((r) => ({ card: r.entityId, score: r.score }));
    const a = alert('velocity', 'c1', 0);
    await testStream(q, 'update')(
      addData(input, a),
      checkNewAnswer({ card: 'c1', score: 60 }),
      addData(input, a),
      checkNewAnswer({ card: 'c1', score: 60 }),
      addData(input, alert('velocity', 'c2', 30 * 60)), // the watermark passes the first 10-minute window
      checkNewAnswer({ card: 'c2', score: 60 }),
      addData(input, alert('impossible-travel', 'c1', 60)),
      checkNewAnswer(),
    );
  });
});
