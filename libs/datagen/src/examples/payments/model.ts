/**
 * The payments example: card holders shopping mostly near home at their usual merchants, with a
 * daily and weekly rhythm, plus labelled fraud incidents. Used by the datagen tests and bench;
 * the fraud-detection use case has its own, richer model.
 */
import { defineModel, type Model, type StepContext } from '../../model.js';
import { combine, diurnal, weekly } from '../../rhythm.js';
import { paymentPools, type Merchant, type PaymentPools, type Place } from './pools.js';
import { cardTesting, fraudRing } from './scenarios.js';

/** A card and its holder's habits (the entity's state). */
export interface Card {
  cardId: string;
  holder: string;
  home: Place;
  medianEur: number;
  /** How often the holder pays, relative to others (1 = typical). */
  activity: number;
  usual: Merchant[];
  /** Payments made so far (state that evolves). */
  count: number;
}

/** One card payment (the record). */
export interface Payment {
  txId: string;
  eventTime: number;
  cardId: string;
  merchantId: string;
  merchant: string;
  mcc: string;
  amount: number;
  currency: 'EUR';
  channel: 'card-present' | 'e-commerce' | 'atm';
  city: string;
  country: string;
  lat: number;
  lon: number;
}

/** Shopping by hour of day (UTC), midnight first. */
export const SHOPPING_HOURS = [
  0.15, 0.08, 0.05, 0.05, 0.06, 0.12, 0.3, 0.6, 0.9, 1.1, 1.25, 1.5, 1.7, 1.5, 1.3, 1.25, 1.35, 1.55, 1.75, 1.8, 1.55, 1.15, 0.7, 0.35,
];
/** Shopping by day of week, Monday first. */
export const SHOPPING_DAYS = [0.9, 0.92, 0.95, 1, 1.15, 1.25, 0.83];

/** Builds a payment record (shared by the model and its scenarios). */
export function payment(card: Card, m: Merchant, amount: number, channel: Payment['channel'], ctx: StepContext<PaymentPools>): Payment {
  card.count++;
  return {
    txId: `tx-${ctx.seq}`,
    eventTime: ctx.now,
    cardId: card.cardId,
    merchantId: m.merchantId,
    merchant: m.name,
    mcc: m.category.mcc,
    amount,
    currency: 'EUR',
    channel,
    city: m.place.city,
    country: m.place.country,
    lat: m.place.lat,
    lon: m.place.lon,
  };
}

/** Options of the example. */
export interface PaymentsModelOptions {
  /** Shape the rate by the daily and weekly shopping rhythm (default true; the run still averages the rate). */
  rhythm?: boolean;
}

/**
 * The payments example model.
 *
 * @example
 * const sim = new Simulation(createPaymentsModel({ rhythm: false }), { seed: 42, ratePerSec: 1000 });
 */
export function createPaymentsModel(opts: PaymentsModelOptions = {}): Model<Card, Payment, PaymentPools> {
  return defineModel<Card, Payment, PaymentPools>({
    name: 'payments',
    description: 'card payments with card-testing and fraud-ring incidents',
    entities: 5_000,
    timeField: 'eventTime',
    pools: paymentPools,
    createEntity: ({ faker, rng, pools, index }) => {
      const home = rng.pick(pools.places);
      const local = pools.merchantsByPlace[pools.places.indexOf(home)]!;
      const usual: Merchant[] = [];
      const n = 4 + rng.int(8);
      for (let i = 0; i < n; i++) usual.push(local.length && rng.chance(0.8) ? rng.pick(local) : rng.pick(pools.merchants));
      return {
        cardId: `card-${String(index).padStart(6, '0')}`,
        holder: faker.person.fullName(),
        home,
        medianEur: Math.round(rng.logNormal(35, 0.5) * 100) / 100,
        activity: rng.logNormal(1, 0.7),
        usual,
        count: 0,
      };
    },
    key: (card) => card.cardId,
    step: (card, ctx) => {
      const { rng, pools } = ctx;
      const m = rng.chance(0.85) ? rng.pick(card.usual) : rng.pick(pools.merchants);
      const amount = Math.max(0.5, Math.round(rng.logNormal(m.category.medianEur * (card.medianEur / 35), 0.6) * 100) / 100);
      const channel = m.category.mcc === '6011' ? 'atm' : m.category.online && rng.chance(0.7) ? 'e-commerce' : 'card-present';
      return payment(card, m, amount, channel, ctx);
    },
    intensity: opts.rhythm === false ? undefined : combine(diurnal(SHOPPING_HOURS), weekly(SHOPPING_DAYS)),
    pick: { weight: (card) => card.activity },
    scenarios: [cardTesting, fraudRing],
    recordId: (p) => p.txId,
  });
}

/** The payments example with its rhythm. */
export const paymentsModel = createPaymentsModel();
