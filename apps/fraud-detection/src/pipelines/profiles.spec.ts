import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { profileFixture, T0, txFixture } from '../domain/fixtures.js';
import type { Transaction } from '../domain/schemas.js';
import { profileTable, withProfile } from './profiles.js';

const profile = profileFixture({ cardId: 'card-1', currency: 'EUR', typicalSpendEur: 40 });

describe('withProfile (stream-static join on the card profile table)', () => {
  it("joins each transaction with its card's profile, and drops a card the bank does not know", async () => {
    const input = new MemoryStream<Transaction>();
    const joined = withProfile(input.toStream(), profileTable([profile])).map((t) => ({
      txId: t.txId,
      currency: t.currency,
      typical: t.profile.typicalSpendEur,
    }));
    await testStream(joined, 'append')(
      addData(input, txFixture({ txId: 't1', cardId: 'card-1', currency: 'GBP', eventTime: T0 }), txFixture({ txId: 't2', cardId: 'unknown', eventTime: T0 })),
      // the transaction's own currency, not the profile's
      checkNewAnswer({ txId: 't1', currency: 'GBP', typical: 40 }),
    );
  });

  it('loads the table from an async loader', async () => {
    const input = new MemoryStream<Transaction>();
    const joined = withProfile(
      input.toStream(),
      profileTable(async () => [profile]),
    ).map((t) => ({ txId: t.txId, cardId: t.profile.cardId }));
    await testStream(joined, 'append')(
      addData(input, txFixture({ txId: 't1', cardId: 'card-1', eventTime: T0 })),
      checkNewAnswer({ txId: 't1', cardId: 'card-1' }),
    );
  });
});
