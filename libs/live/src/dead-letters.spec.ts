import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, type KafkaRow } from '@streamlab/kafka';
import { deadLetterRow } from './dead-letters.js';

const h = (key: string, value: string) => ({ key, value: Buffer.from(value) });

describe('deadLetterRow', () => {
  it('shows where a dead-lettered record came from, why, its start, and how many came before it', () => {
    const row: KafkaRow = {
      topic: 'fraud.transactions-dlq',
      partition: 0,
      offset: 41,
      key: Buffer.from('card-1'),
      value: Buffer.from(`{"txId":"tx-1","amount":${'9'.repeat(200)}`),
      timestamp: 1_764_000_000_000,
      timestampType: 0,
      headers: [h(DLQ_HEADERS.error, 'malformed JSON: Unexpected end of JSON input'), h(DLQ_HEADERS.partition, '2'), h(DLQ_HEADERS.offset, '1041')],
    };
    expect(deadLetterRow(row, 40)).toEqual({
      id: '2-1041',
      reason: 'malformed JSON: Unexpected end of JSON input',
      text: row.value!.toString('utf8').slice(0, 120),
      time: 1_764_000_000_000,
      count: 2,
    });
  });

  it('says so when the headers are missing or the value is null', () => {
    const row: KafkaRow = { topic: 'x-dlq', partition: 0, offset: 5, key: null, value: null, timestamp: 1, timestampType: 0, headers: [] };
    expect(deadLetterRow(row, 0)).toMatchObject({ id: '?-5', reason: 'unknown', text: '(null)', count: 6 });
  });
});
