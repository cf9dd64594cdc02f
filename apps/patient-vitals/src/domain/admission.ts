/**
 * The admissions table: the only place a patient's name and MRN live. The pipelines join it as a
 * static table for the SpO2 scale (a stream-static join); the dashboard gets it through the
 * token-protected census query to resolve names. Topics carry `patientId` only.
 */
import type { Spo2Scale } from './news2.js';

export type Sex = 'F' | 'M';

export interface Admission {
  /** Pseudonymous id (`pt-…`), the key on every topic. */
  patientId: string;
  /** Medical record number: identifying, never on a topic. */
  mrn: string;
  /** Identifying, never on a topic. */
  name: string;
  age: number;
  sex: Sex;
  ward: string;
  bed: string;
  reason: string;
  comorbidities: string[];
  /** NEWS2 SpO2 scale: 2 for hypercapnic respiratory failure (here: COPD), else 1. */
  spo2Scale: Spo2Scale;
}

/** The columns of the admissions table the scoring pipeline needs: no name, no MRN. */
export type ScaleRow = Pick<Admission, 'patientId' | 'spo2Scale'>;

/** Names in the census are only for the dashboard (socket.io, behind the token), never a topic. */
export type CensusRow = Pick<Admission, 'patientId' | 'name' | 'mrn' | 'age' | 'sex' | 'ward' | 'bed' | 'reason' | 'spo2Scale'> & { comorbidities: string };

/**
 * The scale per patient, without identifying columns.
 *
 * @example
 * scaleRows([{ patientId: 'pt-000001', spo2Scale: 2, name: 'A B', ... }]); // [{ patientId: 'pt-000001', spo2Scale: 2 }]
 */
export function scaleRows(admissions: readonly Admission[]): ScaleRow[] {
  return admissions.map((a) => ({ patientId: a.patientId, spo2Scale: a.spo2Scale }));
}

/** @example censusRow(admission).comorbidities; // 'COPD, diabetes' */
export function censusRow(a: Admission): CensusRow {
  return {
    patientId: a.patientId,
    name: a.name,
    mrn: a.mrn,
    age: a.age,
    sex: a.sex,
    ward: a.ward,
    bed: a.bed,
    reason: a.reason,
    spo2Scale: a.spo2Scale,
    comorbidities: a.comorbidities.join(', '),
  };
}
