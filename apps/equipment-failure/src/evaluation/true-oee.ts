/**
 * The simulator's true OEE per line and shift: the same formula over every record the machines
 * produced (each exactly once), before the network lost, delayed or repeated any of them.
 */
import type { Catalog } from '../domain/catalog.js';
import { isPlanned, type Oee, oee, type OeeTotals } from '../domain/oee.js';
import type { Reading } from '../domain/reading.js';
import { shiftOf } from '../domain/shifts.js';

export interface OeeTruth extends Oee, OeeTotals {
  lineId: string;
  shiftStart: number;
}

/**
 * Sums each line's shifts and computes their OEE.
 *
 * @example
 * trueOee(records, catalog); // [{ lineId: 'P1-L1', shiftStart: ..., availability: 0.91, ... }]
 */
export function trueOee(records: Iterable<Reading>, catalog: Catalog): OeeTruth[] {
  const sums = new Map<string, OeeTotals & { lineId: string; shiftStart: number }>();
  for (const r of records) {
    const shiftStart = shiftOf(r.eventTime).start;
    const key = `${r.lineId}@${shiftStart}`;
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { lineId: r.lineId, shiftStart, plannedMs: 0, runMs: 0, idealMs: 0, totalCount: 0, goodCount: 0 }));
    if (isPlanned(r.state)) s.plannedMs += r.intervalMs;
    if (r.state === 'running') s.runMs += r.intervalMs;
    s.idealMs += r.parts * (catalog.byId.get(r.machineId)?.idealCycleMs ?? 0);
    s.totalCount += r.parts;
    s.goodCount += r.parts - r.scrap;
  }
  return [...sums.values()].map((s) => ({ ...s, ...oee(s) }));
}
