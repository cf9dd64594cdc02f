/**
 * Every threshold of every rule, in one place, validated with zod. Defaults are what the
 * evaluation (`nx run fraud-detection:evaluate`) measures.
 */
import { z } from 'zod';
import { StreamlabError } from '@streamlab/core';

export const rulesConfigSchema = z.object({
  velocity: z
    .object({
      /** Transactions of one card in one sliding window that raise an alert. */
      maxTxPerWindow: z.number().int().positive().default(6),
      /** Or this many transactions... */
      minTxForAmount: z.number().int().positive().default(3),
      /** ...adding up to at least this many euros. */
      maxAmountEurPerWindow: z.number().positive().default(2500),
    })
    .prefault({}),
  impossibleTravel: z
    .object({
      /** Faster than an airliner between two card-present uses. */
      maxSpeedKmh: z.number().positive().default(900),
      /** Ignore hops shorter than this (GPS noise, neighbouring towns). */
      minDistanceKm: z.number().nonnegative().default(300),
    })
    .prefault({}),
  amountAnomaly: z
    .object({
      /** Modified z-score of ln(amount) against the holder's habit (Iglewicz–Hoaglin: 3.5). */
      minRobustScore: z.number().positive().default(3.5),
      /** Small amounts never alert, however unusual. */
      minAmountEur: z.number().nonnegative().default(150),
    })
    .prefault({}),
  cardTesting: z
    .object({
      /** An e-commerce charge at most this large is a probe. */
      probeMaxEur: z.number().positive().default(2),
      /** Probes needed before the hit. */
      minProbes: z.number().int().positive().default(3),
      /** A charge at least this large after the probes is the hit. */
      hitMinEur: z.number().positive().default(150),
      /** Probes and hit within this many milliseconds. */
      withinMs: z
        .number()
        .int()
        .positive()
        .default(10 * 60_000),
    })
    .prefault({}),
  compromisedMerchant: z
    .object({
      /** Distinct cards in one window that always count as a surge... */
      minDistinctCards: z.number().int().positive().default(10),
      /** ...when also this many times the merchant's usual distinct cards. */
      surgeFactor: z.number().positive().default(4),
    })
    .prefault({}),
  accountTakeover: z
    .object({
      /** An e-commerce charge from an unknown device with at least this robust amount score. */
      minRobustScore: z.number().positive().default(2),
      minAmountEur: z.number().nonnegative().default(80),
    })
    .prefault({}),
});

export type RulesConfig = z.output<typeof rulesConfigSchema>;
export type RulesConfigInput = z.input<typeof rulesConfigSchema>;

/**
 * Validates rule thresholds, filling in defaults. Throws a `StreamlabError` naming the bad field.
 *
 * @example
 * const cfg = rulesConfig({ velocity: { maxTxPerWindow: 8 } });
 * cfg.impossibleTravel.maxSpeedKmh; // 900
 */
export function rulesConfig(input: RulesConfigInput = {}): RulesConfig {
  const r = rulesConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new StreamlabError('FRAUD_BAD_RULES_CONFIG', `rule threshold ${issue.path.join('.')} is invalid: ${issue.message}`, {
    value: input,
    hint: 'fix the threshold or leave it out to use the default',
  });
}

/** The defaults. */
export const DEFAULT_RULES: RulesConfig = rulesConfig();
