import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { profileFixture, T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { accountTakeoverAlerts } from './account-takeover.js';
import { transactions } from './fraud-pipelines.js';
import { pipelineOptions } from './options.js';
import { profileTable } from './profiles.js';

const opts = pipelineOptions({ watermark: '30 seconds' });
const profiles = profileTable([profileFixture({ knownDevices: ['phone-1'] })]);
const online = (txId: string, seconds: number, over: Partial<Transaction>) =>
  txFixture({ txId, channel: 'e-commerce', eventTime: T0 + seconds * 1000, ...over });

describe('account-takeover query (stream-static join for context)', () => {
  it('alerts on an unknown device with an unusual amount, not on either alone', async () => {
    const input = new MemoryStream<Transaction>();
    const alerts = accountTakeoverAlerts(transactions(input.toStream(), opts), opts, profiles).map((a) => ({
      tx: a.evidence[0]!.txId,
      device: a.evidence.length,
    }));
    await testStream(alerts, 'append')(
      addData(
        input,
        online('t1', 0, { deviceId: 'phone-1', amount: 400 }),
        online('t2', 1, { deviceId: 'new', amount: 45 }),
        online('t3', 2, { deviceId: 'evil', amount: 400 }),
      ),
      checkNewAnswer({ tx: 't3', device: 1 }),
      addData(input, online('t3', 2, { deviceId: 'evil', amount: 400 })), // retried: deduplicated
      checkNewAnswer(),
    );
  });

  it('drops a charge older than the watermark', async () => {
    const input = new MemoryStream<Transaction>();
    const alerts = accountTakeoverAlerts(transactions(input.toStream(), opts), opts, profiles).map((a) => ({ tx: a.evidence[0]!.txId }));
    await testStream(alerts, 'append')(
      addData(input, online('t1', 120, { deviceId: 'phone-1', amount: 20 })),
      checkNewAnswer(), // the watermark is now 90 s
      addData(input, online('t-late', 10, { deviceId: 'evil', amount: 400 }), online('t-ok', 100, { deviceId: 'evil', amount: 400 })),
      checkNewAnswer({ tx: 't-ok' }),
    );
  });
});
