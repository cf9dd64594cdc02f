import { describe, expect, it } from 'vitest';
import { labelLine, recordText, type Envelope } from './envelope.js';

describe('envelopes', () => {
  const env: Envelope<{ id: string; ts: number }> = { seq: 7, key: 'k', eventTimeMs: 100, emitMs: 150, record: { id: 'r7', ts: 100 } };

  it('writes the record as JSON, or the broken text of a malformed record', () => {
    expect(recordText(env)).toBe('{"id":"r7","ts":100}');
    expect(recordText({ ...env, text: '{"id":"r7"' })).toBe('{"id":"r7"');
  });

  it('turns a label into a side-channel line pointing at the record', () => {
    const line = labelLine({ ...env, label: { disorder: 'late', delayMs: 50, scenario: 'ring', incidentId: 'ring-1' } }, 'r7');
    expect(line).toEqual({
      kind: 'record',
      seq: 7,
      id: 'r7',
      key: 'k',
      eventTimeMs: 100,
      disorder: 'late',
      delayMs: 50,
      scenario: 'ring',
      incidentId: 'ring-1',
    });
  });
});
