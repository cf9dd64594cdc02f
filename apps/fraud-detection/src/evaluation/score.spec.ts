import { describe, expect, it } from 'vitest';
import { makeAlert, type EvidenceRow, type RuleId } from '../domain/alert.js';
import { T0 } from '../domain/fixtures.js';
import type { TruthIncident } from '@streamlab/datagen';
import { GRACE_MS, score } from './score.js';

const ev = (txId: string, cardId: string, eventTime: number): EvidenceRow => ({
  txId,
  cardId,
  eventTime,
  amount: 1,
  currency: 'EUR',
  merchantId: 'm',
  channel: 'e-commerce',
  city: 'Paris',
  country: 'FR',
  lat: 0,
  lon: 0,
});
const alert = (rule: RuleId, cardId: string, eventTime: number, evidence: EvidenceRow[] = [ev(`x-${cardId}-${eventTime}`, cardId, eventTime)]) =>
  makeAlert({ rule, entityType: 'card', entityId: cardId, eventTime, score: 0.9, reason: 'r', evidence, metrics: {} });
const incident = (id: string, scenario: string, card: string, first: number, txIds: string[] = []): TruthIncident => ({
  id,
  scenario,
  keys: [card],
  startMs: first - 1_000,
  firstRecordMs: first,
  endMs: first + 60_000,
  recordIds: txIds,
});

describe('score', () => {
  const incidents = [
    incident('ct-1', 'card-testing', 'c1', T0, ['t1', 't2']),
    incident('ct-2', 'card-testing', 'c2', T0),
    incident('it-1', 'impossible-travel', 'c3', T0),
  ];

  it('counts recall per scenario and the delay from the first fraud record', () => {
    const card = score([alert('card-testing', 'c1', T0 + 30_000, [ev('t2', 'c1', T0 + 30_000)]), alert('impossible-travel', 'c3', T0 + 90_000)], incidents);
    const ct = card.scenarios.find((s) => s.scenario === 'card-testing')!;
    expect(ct).toMatchObject({ incidents: 2, detected: 1, recall: 0.5, medianDelayMs: 30_000 });
    expect(card.overall).toMatchObject({ incidents: 3, detected: 2, detections: 2, truePositives: 2, precision: 1, medianDelayMs: 60_000 });
    expect(card.overall.evidencePrecision).toBe(0.5); // only the card-testing alert holds a labelled record
    expect(card.matrix['card-testing']).toEqual({ 'card-testing': 1 });
  });

  it('an alert on another card, or on the right card long after the incident, is a false positive', () => {
    const card = score([alert('velocity', 'c9', T0), alert('velocity', 'c2', T0 + 60_000 + GRACE_MS + 1)], incidents);
    expect(card.overall.truePositives).toBe(0);
    expect(card.overall.precision).toBe(0);
    expect(card.kinds).toEqual([{ kind: 'velocity', detections: 2, truePositives: 0, precision: 0, evidenceTruePositives: 0, evidencePrecision: 0 }]);
  });

  it('counts an alert once however often it was emitted, and takes the earliest alert for the delay', () => {
    const a = alert('velocity', 'c2', T0 + 50_000);
    const card = score([a, a, alert('amount-anomaly', 'c2', T0 + 20_000)], incidents);
    expect(card.overall.detections).toBe(2);
    expect(card.scenarios.find((s) => s.scenario === 'card-testing')!.medianDelayMs).toBe(20_000);
  });

  it('overlapping windows of one burst (one dedupKey) are one alert', () => {
    const w = (start: number) =>
      makeAlert({
        rule: 'velocity',
        entityType: 'card',
        entityId: 'c9',
        eventTime: T0,
        score: 1,
        reason: 'r',
        evidence: [ev('z', 'c9', T0)],
        metrics: {},
        window: { start, end: start + 300_000 },
      });
    const card = score([w(T0), w(T0 - 15_000), w(T0 - 30_000)], incidents);
    expect(card.overall.detections).toBe(1);
  });

  it('an alert before the fraud started is not about it; a merchant alert counts through its evidence', () => {
    const before = score([alert('velocity', 'c2', T0 - 1)], incidents);
    expect(before.overall.truePositives).toBe(0);
    const merchant = makeAlert({
      rule: 'compromised-merchant',
      entityType: 'merchant',
      entityId: 'm1',
      eventTime: T0 + 5,
      score: 1,
      reason: 'r',
      evidence: [ev('t1', 'c1', T0)],
      metrics: {},
    });
    expect(score([merchant], incidents).overall.detected).toBe(1);
  });
});

describe('score with a scored span', () => {
  it('an alert about an incident outside the span is right, but that incident is not in recall', () => {
    const early = incident('a-1', 'card-testing', 'c1', T0);
    const tail = incident('a-2', 'card-testing', 'c2', T0 + 3_600_000);
    const card = score([alert('velocity', 'c2', T0 + 3_600_000 + 10)], [early, tail], (i) => i.firstRecordMs < T0 + 60_000);
    expect(card.overall).toMatchObject({ incidents: 1, detected: 0, detections: 1, truePositives: 1, precision: 1 });
  });
});
