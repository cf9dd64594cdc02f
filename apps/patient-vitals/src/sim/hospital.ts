/**
 * The simulated hospital: wards of 40–80 beds, and an admission per bed (faker names and MRNs,
 * age, sex, admission reason, comorbidities). Deterministic by index: patient `i` is the same in
 * a population of 40 or of 1,000, so a test, the live demo and the bench agree on who is where.
 */
import type { Faker } from '@faker-js/faker';
import type { Admission, Sex } from '../domain/admission.js';

const WARDS = ['Acute Medical Unit', 'Respiratory', 'Cardiology', 'General Surgery', 'Elderly Care', 'Gastroenterology', 'Renal', 'Orthopaedics'];
export const REASONS = [
  'community-acquired pneumonia',
  'exacerbation of COPD',
  'urinary tract infection',
  'cellulitis',
  'chest pain, rule out ACS',
  'heart failure',
  'upper GI bleed',
  'post-op hip fracture',
  'post-op bowel resection',
  'acute kidney injury',
  'fall, under investigation',
  'syncope',
];
export const COMORBIDITIES = [
  'COPD',
  'type 2 diabetes',
  'hypertension',
  'chronic kidney disease',
  'heart failure',
  'ischaemic heart disease',
  'dementia',
  'obesity',
];

/** 36^6: the pseudonymous id space. */
const ID_SPACE = 2_176_782_336;
/** Odd and not a multiple of 3, so `i * K mod 36^6` is a bijection: ids are unique and reveal nothing. */
const ID_MULTIPLIER = 1_234_567_891;

/**
 * The pseudonymous id of patient `index`: unique, stable, and not derived from a name or an MRN.
 *
 * @example
 * patientId(0); // 'pt-0aj2kf' (some 6 base-36 characters)
 */
export function patientId(index: number): string {
  const n = (index * ID_MULTIPLIER + 987_654_321) % ID_SPACE;
  return `pt-${n.toString(36).padStart(6, '0')}`;
}

/** A cheap integer hash (xorshift-multiply), for layouts that must not depend on the run's seed. */
function hash(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Beds of ward `k`: 40 to 80. */
export function wardSize(k: number): number {
  return 40 + (hash(k) % 41);
}

/**
 * The ward and bed of patient `index`: wards fill in order.
 *
 * @example
 * bedOf(0); // { ward: 'Acute Medical Unit', bed: 'AMU-01' }
 */
export function bedOf(index: number): { ward: string; bed: string } {
  let k = 0;
  let i = index;
  while (i >= wardSize(k)) i -= wardSize(k++);
  const name = WARDS[k % WARDS.length]!;
  const prefix = (k < WARDS.length ? '' : `${Math.floor(k / WARDS.length) + 1}`) + name.replace(/[^A-Z]/g, '');
  return { ward: k < WARDS.length ? name : `${name} ${Math.floor(k / WARDS.length) + 1}`, bed: `${prefix}-${String(i + 1).padStart(2, '0')}` };
}

/**
 * An admission: who is in bed `index`. COPD means SpO2 scale 2 (a target of 88–92 %).
 *
 * @example
 * admission(0, faker, () => 0.5).spo2Scale; // 1 or 2
 */
export function admission(index: number, faker: Faker, random: () => number): Admission {
  const sex: Sex = random() < 0.5 ? 'F' : 'M';
  const age = Math.round(Math.min(98, Math.max(18, 68 + (random() + random() + random() - 1.5) * 30)));
  const comorbidities = COMORBIDITIES.filter((_, i) => random() < (i === 0 ? 0.2 : 0.15));
  const reason = comorbidities.includes('COPD') && random() < 0.5 ? 'exacerbation of COPD' : REASONS[Math.floor(random() * REASONS.length)]!;
  return {
    patientId: patientId(index),
    mrn: `MRN${faker.string.numeric(8)}`,
    name: `${faker.person.firstName(sex === 'F' ? 'female' : 'male')} ${faker.person.lastName()}`,
    age,
    sex,
    ...bedOf(index),
    reason,
    comorbidities,
    spo2Scale: comorbidities.includes('COPD') ? 2 : 1,
  };
}
