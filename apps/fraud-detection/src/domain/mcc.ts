/**
 * Merchant category codes (ISO 18245) used by the simulator and the rules, with a base risk
 * that card issuers commonly attach to the category.
 */
export type MerchantRisk = 'low' | 'medium' | 'high';

export interface MccInfo {
  mcc: string;
  label: string;
  risk: MerchantRisk;
  /** Typical ticket in euros, used by the simulator to draw believable amounts. */
  typicalEur: number;
}

export const MCC_TABLE = {
  '5411': { mcc: '5411', label: 'Grocery stores', risk: 'low', typicalEur: 38 },
  '5812': { mcc: '5812', label: 'Restaurants', risk: 'low', typicalEur: 42 },
  '5814': { mcc: '5814', label: 'Fast food', risk: 'low', typicalEur: 12 },
  '5541': { mcc: '5541', label: 'Fuel stations', risk: 'medium', typicalEur: 55 },
  '5311': { mcc: '5311', label: 'Department stores', risk: 'low', typicalEur: 70 },
  '5732': { mcc: '5732', label: 'Electronics', risk: 'high', typicalEur: 180 },
  '5944': { mcc: '5944', label: 'Jewelry', risk: 'high', typicalEur: 250 },
  '4111': { mcc: '4111', label: 'Commuter transport', risk: 'low', typicalEur: 4 },
  '7011': { mcc: '7011', label: 'Hotels', risk: 'medium', typicalEur: 160 },
  '5912': { mcc: '5912', label: 'Pharmacies', risk: 'low', typicalEur: 22 },
  '5999': { mcc: '5999', label: 'Online marketplaces', risk: 'medium', typicalEur: 35 },
  '5967': { mcc: '5967', label: 'Direct marketing', risk: 'high', typicalEur: 20 },
  '4829': { mcc: '4829', label: 'Money transfer', risk: 'high', typicalEur: 150 },
  '6011': { mcc: '6011', label: 'ATM cash', risk: 'medium', typicalEur: 100 },
} as const satisfies Record<string, MccInfo>;

export type Mcc = keyof typeof MCC_TABLE;

/** Every known category code. */
export const MCCS = Object.keys(MCC_TABLE) as Mcc[];

/**
 * The description of a category code, or `undefined` for an unknown code.
 *
 * @example
 * mccInfo('5411')?.label; // 'Grocery stores'
 */
export function mccInfo(mcc: string): MccInfo | undefined {
  return (MCC_TABLE as Record<string, MccInfo>)[mcc];
}
