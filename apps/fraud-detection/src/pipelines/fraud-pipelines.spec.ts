import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { transactions } from './fraud-pipelines.js';
import { pipelineOptions } from './options.js';

const opts = pipelineOptions({ watermark: '15 seconds' });
const at = (txId: string, seconds: number) => txFixture({ txId, eventTime: T0 + seconds * 1000 });
const ids = (...txIds: string[]) => txIds.map((txId) => ({ txId }));

describe('transactions(): dedup of retried transactions within the watermark', () => {
  it('drops a retry of a transaction, in the same batch or a later one', async () => {
    const input = new MemoryStream<Transaction>();
    await testStream(transactions(input.toStream(), opts).select('txId'), 'append')(
      addData(input, at('t1', 0), at('t2', 1), at('t1', 0)),
      checkNewAnswer(...ids('t1', 't2')),
      addData(input, at('t2', 1), at('t3', 5)),
      checkNewAnswer(...ids('t3')),
    );
  });

  it('drops a transaction older than the watermark as late, retried or not', async () => {
    const input = new MemoryStream<Transaction>();
    await testStream(transactions(input.toStream(), opts).select('txId'), 'append')(
      addData(input, at('t1', 0), at('t9', 60)), // watermark: 45 s
      checkNewAnswer(...ids('t1', 't9')),
      addData(input, at('t1', 0), at('t-late', 30), at('t-ok', 50)),
      checkNewAnswer(...ids('t-ok')),
    );
  });
});
