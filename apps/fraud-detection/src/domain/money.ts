/**
 * Currencies and a static conversion table to euros, so rules can compare amounts across
 * currencies (a card issued in the UK paying in Paris). Rates are fixed: the demo is about
 * streaming, not treasury.
 */
export const CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'JPY', 'SEK'] as const;
export type Currency = (typeof CURRENCIES)[number];

const EUR_PER_UNIT: Record<Currency, number> = {
  EUR: 1,
  GBP: 1.17,
  USD: 0.92,
  CHF: 1.04,
  JPY: 0.0062,
  SEK: 0.088,
};

/**
 * Converts an amount to euros with the static table.
 *
 * @example
 * toEur(100, 'GBP'); // 117
 */
export function toEur(amount: number, currency: Currency): number {
  return amount * EUR_PER_UNIT[currency];
}

/**
 * Converts an amount in euros to another currency, rounded to cents.
 *
 * @example
 * fromEur(117, 'GBP'); // 100
 */
export function fromEur(amountEur: number, currency: Currency): number {
  return Math.round((amountEur / EUR_PER_UNIT[currency]) * 100) / 100;
}
