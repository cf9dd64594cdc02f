import { describe, expect, it } from 'vitest';
import type { SimBatch, SimOutput } from '@streamlab/datagen';
import type { VitalsRecord } from '../domain/records.js';
import { routedOutput } from './routed-output.js';
import { ackRequestSchema, LIVE_DEFAULTS, simulationPace, vitalsTopics } from './start.js';

describe('live wiring', () => {
  it('declares the vitals.* topics, the inputs with dead-letter topics', () => {
    expect(vitalsTopics()).toEqual([
      { topic: 'vitals.readings', deadLetters: true },
      { topic: 'vitals.observations', deadLetters: true },
      { topic: 'vitals.acks', partitions: 1 },
      { topic: 'vitals.alerts' },
    ]);
  });

  it("honours the hub's --speed and --rate: the rate batches samples into messages, the samples stay 1 Hz", () => {
    expect(simulationPace({}, LIVE_DEFAULTS)).toEqual({ speed: LIVE_DEFAULTS.speed, messagesPerBedPerSec: LIVE_DEFAULTS.messagesPerBedPerSec });
    expect(simulationPace({ speed: 1 }, LIVE_DEFAULTS)).toEqual({ speed: 1, messagesPerBedPerSec: LIVE_DEFAULTS.messagesPerBedPerSec });
    // 600 messages per wall second at 10x over 60 beds: one message per bed per simulated second
    expect(simulationPace({ rate: 600, speed: 10 }, LIVE_DEFAULTS)).toEqual({ speed: 10, messagesPerBedPerSec: 1 });
  });

  it('the acknowledge event takes an alert id and a pseudonymous patient id, nothing else', () => {
    expect(ackRequestSchema.safeParse({ alertId: 'pt-00000a:news2:high:1', patientId: 'pt-00000a' }).success).toBe(true);
    expect(ackRequestSchema.safeParse({ alertId: 'a', patientId: 'Jane Doe' }).success).toBe(false);
    expect(ackRequestSchema.safeParse({ alertId: '', patientId: 'pt-00000a' }).success).toBe(false);
    expect(ackRequestSchema.safeParse({ alertId: 'x'.repeat(201), patientId: 'pt-00000a' }).success).toBe(false);
  });
});

describe('routedOutput', () => {
  it('sends monitor messages and observations to their own outputs, in order, incidents with the monitors', async () => {
    const got: Record<string, string[]> = { monitor: [], observation: [] };
    const incidents: number[] = [];
    const out = (name: 'monitor' | 'observation'): SimOutput<VitalsRecord> => ({
      description: name,
      write(b: SimBatch<VitalsRecord>) {
        got[name]!.push(...b.envelopes.map((e) => (e.record.kind === 'monitor' ? e.record.messageId : e.record.obsId)));
        incidents.push(b.incidents.length);
      },
    });
    const env = (record: VitalsRecord) => ({ seq: 0, key: record.patientId, eventTimeMs: 0, emitMs: 0, record });
    const m = (id: string): VitalsRecord => ({ kind: 'monitor', messageId: id, patientId: 'pt-00000a', monitorId: 'mon', eventTime: 0, samples: [] });
    const o = (id: string): VitalsRecord => ({ kind: 'observation', obsId: id, patientId: 'pt-00000a', eventTime: 0, acvpu: 'A', onOxygen: false, temp: 37 });
    await routedOutput({ monitor: out('monitor'), observation: out('observation') }).write({
      envelopes: [env(m('m1')), env(o('o1')), env(m('m2'))],
      incidents: [{ id: 'sepsis-1', scenario: 'sepsis', startMs: 0, endMs: 1, keys: ['pt-00000a'] }],
      recordId: () => '',
    });
    expect(got).toEqual({ monitor: ['m1', 'm2'], observation: ['o1'] });
    expect(incidents).toEqual([1, 0]);
  });
});
