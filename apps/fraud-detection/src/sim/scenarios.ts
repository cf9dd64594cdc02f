/**
 * The labelled fraud scenarios. Each incident takes over one or more cards for a short while;
 * the runtime gives the incident a share of all arrivals (`share`), so a scenario's pace in event
 * time is `share x rate`: scenarios are built for a given simulated rate so that fraud runs at
 * the speed of the bots and rings it imitates whatever the rate of ordinary traffic.
 *
 * Records a scenario emits carry its label; once its script is done the cards fall back to their
 * ordinary behaviour (unlabelled) until the incident ends.
 */
import { defineScenario, type ScenarioDef, type Schedule } from '@streamlab/datagen';
import { transactionAt } from './behaviour.js';
import { FAR_CITIES } from './places.js';
import { ordinaryAmountEur, type Holder } from './holders.js';
import type { World } from './world.js';
import type { Transaction } from '../domain/schemas.js';

export const SCENARIO_NAMES = ['card-testing', 'velocity-burst', 'impossible-travel', 'amount-spike', 'compromised-merchant', 'account-takeover'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioOptions {
  /** Simulated transactions per second of ordinary traffic (average intensity). */
  simRatePerSec: number;
  /** Incidents per simulated hour, per scenario. */
  perHour: number;
  /**
   * When set, the scenarios take turns at a steady cadence instead of starting at random: the two
   * detected at once (an amount spike, then an account takeover 4 s later) this many simulated ms
   * after the start, then one scenario after another, each still `perHour` times an hour. A live
   * demo shows an incident at once; the evaluation keeps random starts.
   */
  firstIncidentMs?: number;
}

/**
 * The order scenarios take turns in when rotating: first the two a stateless rule flags on their
 * first transaction (each may happen to send none before it ends: together they almost never do).
 */
const ROTATION: readonly ScenarioName[] = ['amount-spike', 'account-takeover', 'card-testing', 'velocity-burst', 'impossible-travel', 'compromised-merchant'];
/** Simulated ms between the two quick incidents at the start. */
const QUICK_GAP_MS = 4_000;

/**
 * The schedule of one scenario: random at `perHour`, or its turn in the rotation.
 *
 * @example
 * scenarioSchedule('account-takeover', { simRatePerSec: 8, perHour: 12, firstIncidentMs: 2_000 }); // { every: 300000, offset: 6000 }
 * scenarioSchedule('card-testing', { simRatePerSec: 8, perHour: 12, firstIncidentMs: 2_000 }); // { every: 300000, offset: 102000 }
 */
export function scenarioSchedule(name: ScenarioName, o: ScenarioOptions): Schedule {
  if (o.firstIncidentMs === undefined) return { perHour: o.perHour };
  const every = Math.round(3_600_000 / o.perHour);
  const turn = ROTATION.indexOf(name);
  return { every, offset: o.firstIncidentMs + (turn < 2 ? turn * QUICK_GAP_MS : (turn * every) / ROTATION.length) };
}

const FAR = new Set(FAR_CITIES.map((c) => c.city));

// biome-ignore lint/suspicious/noExplicitAny: each scenario has its own state type; the model treats it as opaque
type Def = ScenarioDef<Holder, Transaction, World, any>;

/** The share of arrivals that gives an incident `perSec` records per simulated second. */
function shareFor(perSec: number, o: ScenarioOptions): number {
  return Math.min(0.05, perSec / o.simRatePerSec);
}

/**
 * The six fraud scenarios, paced for `simRatePerSec`.
 *
 * @example
 * fraudScenarios({ simRatePerSec: 20, perHour: 30 }).map((s) => s.name);
 */
export function fraudScenarios(o: ScenarioOptions): Def[] {
  const cardTesting = defineScenario<Holder, Transaction, World, { probes: number; n: number; shop: number; device: string; hitEur: number }>({
    name: 'card-testing',
    schedule: scenarioSchedule('card-testing', o),
    duration: '75 seconds',
    share: shareFor(1 / 8, o),
    start: ({ rng, pools }) => ({
      probes: 3 + rng.int(3),
      n: 0,
      shop: rng.pick(pools.onlineMerchants),
      device: `dev-bot-${rng.int(1 << 30).toString(36)}`,
      hitEur: rng.range(250, 1200),
    }),
    step: (h, inc, ctx) => {
      const s = inc.state;
      if (s.n > s.probes) return undefined;
      const hit = s.n === s.probes;
      s.n += 1;
      const m = ctx.pools.merchants[hit ? ctx.rng.pick(ctx.pools.onlineMerchants) : s.shop]!;
      const eur = hit ? s.hitEur : Math.round(ctx.rng.range(0.1, 1.99) * 100) / 100;
      return transactionAt(h, m, 'e-commerce', eur, s.device, ctx.now, ctx.seq);
    },
  });

  const velocity = defineScenario<Holder, Transaction, World, { left: number }>({
    name: 'velocity-burst',
    schedule: scenarioSchedule('velocity-burst', o),
    duration: '90 seconds',
    share: shareFor(1 / 7, o),
    start: ({ rng }) => ({ left: 8 + rng.int(4) }),
    step: (h, inc, ctx) => {
      if (inc.state.left <= 0) return undefined;
      inc.state.left -= 1;
      const { pools: w, rng } = ctx;
      const online = rng.chance(0.5);
      const m = w.merchants[online ? rng.pick(w.onlineMerchants) : rng.pick(w.shopsByCity.get(h.city.city)!)]!;
      // ordinary-looking amounts from the holder's own devices: only the pace gives it away
      const eur = ordinaryAmountEur(h, m.mcc, rng) * rng.range(1, 2);
      return transactionAt(h, m, online ? 'e-commerce' : 'card-present', eur, online ? rng.pick(h.devices) : `term-${m.merchantId}`, ctx.now, ctx.seq);
    },
  });

  const travel = defineScenario<Holder, Transaction, World, { n: number; far: string }>({
    name: 'impossible-travel',
    schedule: scenarioSchedule('impossible-travel', o),
    duration: '200 seconds',
    share: shareFor(1 / 40, o),
    start: ({ rng }) => ({ n: 0, far: rng.pick(FAR_CITIES).city }),
    step: (h, inc, ctx) => {
      const s = inc.state;
      if (s.n >= 3) return undefined;
      const { pools: w, rng } = ctx;
      const home = s.n === 0;
      s.n += 1;
      const list = home ? h.shops : rng.chance(0.3) ? w.atmsByCity.get(s.far)! : w.shopsByCity.get(s.far)!;
      const m = w.merchants[rng.pick(list)]!;
      const channel = m.mcc === '6011' ? 'atm' : 'card-present';
      const eur = channel === 'atm' ? rng.pick([200, 300, 400, 500]) : home ? h.baseEur : rng.range(80, 600);
      return transactionAt(h, m, channel, eur, `term-${m.merchantId}`, ctx.now, ctx.seq);
    },
  });

  const amountSpike = defineScenario<Holder, Transaction, World, { done: boolean; times: number }>({
    name: 'amount-spike',
    schedule: scenarioSchedule('amount-spike', o),
    duration: '30 seconds',
    share: shareFor(1 / 20, o),
    start: ({ rng }) => ({ done: false, times: rng.range(20, 60) }),
    step: (h, inc, ctx) => {
      if (inc.state.done) return undefined;
      inc.state.done = true;
      const { pools: w, rng } = ctx;
      const m = w.merchants[rng.pick(w.shopsByCity.get(h.city.city)!.filter((i) => ['5732', '5944', '5311'].includes(w.merchants[i]!.mcc)))]!;
      return transactionAt(h, m, 'card-present', Math.max(300, h.baseEur * inc.state.times), `term-${m.merchantId}`, ctx.now, ctx.seq);
    },
  });

  const takeover = defineScenario<Holder, Transaction, World, { left: number; device: string; times: number }>({
    name: 'account-takeover',
    schedule: scenarioSchedule('account-takeover', o),
    duration: '40 seconds',
    share: shareFor(1 / 15, o),
    start: ({ rng }) => ({ left: 2, device: `dev-ato-${rng.int(1 << 30).toString(36)}`, times: rng.range(8, 25) }),
    step: (h, inc, ctx) => {
      if (inc.state.left <= 0) return undefined;
      inc.state.left -= 1;
      const { pools: w, rng } = ctx;
      const m = w.merchants[rng.pick(w.onlineMerchants)]!;
      return transactionAt(h, m, 'e-commerce', Math.max(150, h.baseEur * inc.state.times * rng.range(0.8, 1.2)), inc.state.device, ctx.now, ctx.seq);
    },
  });

  const ring = defineScenario<Holder, Transaction, World, { merchant: number; seen: Map<string, number>; device: string }>({
    name: 'compromised-merchant',
    schedule: scenarioSchedule('compromised-merchant', o),
    duration: '110 seconds',
    entities: 16,
    share: shareFor(16 / 40, o),
    start: ({ rng, pools }) => {
      const quiet = pools.merchants.flatMap((m, i) => (m.mcc !== '6011' && m.usualCardsPer5Min <= 2.5 && !FAR.has(m.city) ? [i] : []));
      return { merchant: rng.pick(quiet.length ? quiet : pools.onlineMerchants), seen: new Map(), device: `dev-ring-${rng.int(1 << 30).toString(36)}` };
    },
    step: (h, inc, ctx) => {
      const s = inc.state;
      const n = s.seen.get(h.cardId) ?? 0;
      if (n >= 2) return undefined;
      s.seen.set(h.cardId, n + 1);
      const { pools: w, rng } = ctx;
      if (n === 0) {
        const m = w.merchants[s.merchant]!;
        const channel = m.online ? 'e-commerce' : 'card-present';
        return transactionAt(h, m, channel, rng.range(15, 90), m.online ? s.device : `term-${m.merchantId}`, ctx.now, ctx.seq);
      }
      const m = w.merchants[rng.pick(w.onlineMerchants)]!;
      return transactionAt(h, m, 'e-commerce', rng.range(150, 700), s.device, ctx.now, ctx.seq);
    },
  });

  return [cardTesting, velocity, travel, amountSpike, ring, takeover] as Def[];
}
