/**
 * Incidents of the payments example, each labelled in the side channel:
 * - `card-testing`: a stolen card is tried with many tiny online payments at risky merchants;
 * - `fraud-ring`: several cards are emptied at one merchant far from their holders' homes.
 */
import { defineScenario } from '../../model.js';
import type { Card, Payment } from './model.js';
import { payment } from './model.js';
import type { Merchant, PaymentPools } from './pools.js';

/** A stolen card tested with small online payments: 2 per simulated hour, 10 minutes each. */
export const cardTesting = defineScenario<Card, Payment, PaymentPools, { merchants: Merchant[] }>({
  name: 'card-testing',
  schedule: { perHour: 2 },
  duration: '10 minutes',
  entities: 1,
  share: 0.01,
  start: ({ rng, pools }) => ({ merchants: [rng.pick(pools.riskyOnline), rng.pick(pools.riskyOnline), rng.pick(pools.riskyOnline)] }),
  step: (card, incident, ctx) => {
    const m = ctx.rng.pick(incident.state.merchants);
    return payment(card, m, Math.round(ctx.rng.range(0.5, 3) * 100) / 100, 'e-commerce', ctx);
  },
});

/** Five cards used at one far-away merchant: every 3 simulated hours, 20 minutes each. */
export const fraudRing = defineScenario<Card, Payment, PaymentPools, { merchant: Merchant }>({
  name: 'fraud-ring',
  schedule: { every: '3 hours', offset: '30 minutes' },
  duration: '20 minutes',
  entities: 5,
  share: 0.02,
  start: ({ rng, pools, entities }) => {
    // A merchant in a place none of the cards calls home.
    const homes = new Set(entities.map((c) => c.home));
    let merchant = rng.pick(pools.merchants);
    for (let i = 0; i < 20 && homes.has(merchant.place); i++) merchant = rng.pick(pools.merchants);
    return { merchant };
  },
  step: (card, incident, ctx) => {
    const m = incident.state.merchant;
    const amount = Math.round(ctx.rng.logNormal(card.medianEur * 8, 0.4) * 100) / 100;
    return payment(card, m, amount, 'card-present', ctx);
  },
});
