/**
 * Pipeline 5a, OEE per line per shift (Nakajima; ISO 22400-2). Concept: a tumbling event-time
 * window in update mode, with a long watermark. A shift is an 8-hour window offset to 06:00; each
 * record adds its interval to the planned and run time of its line and shift, and its parts to
 * the counts (duplicates removed first, by record id, so a resent record does not count twice).
 * Update mode emits a shift's figures every time they change, so when a buffering gateway's
 * records arrive minutes late they correct the figures already shown. Records beyond the
 * watermark (30 minutes) go to the late side output and are counted, not silently lost.
 */
import { count, type LateRecord, type Sink, type Stream, sum, window } from '@streamlab/core';
import type { Catalog } from '../domain/catalog.js';
import { isPlanned, oee } from '../domain/oee.js';
import type { Reading } from '../domain/reading.js';
import { SHIFT_MS, SHIFT_OFFSET_MS, shiftOf } from '../domain/shifts.js';
import type { PipelineOptions } from './options.js';

/**
 * OEE per line and shift, with its three factors and the sums they come from.
 *
 * @example
 * lineOee(readings, catalog, options, lateSink).writeStream.outputMode('update');
 */
export function lineOee(
  readings: Stream<Reading>,
  catalog: Catalog,
  o: Pick<PipelineOptions, 'oeeWatermark'> & { shiftAStartMs?: number },
  late?: Sink<LateRecord>,
) {
  const shiftA = o.shiftAStartMs ?? SHIFT_OFFSET_MS;
  const ideal = new Map(catalog.machines.map((m) => [m.machineId, m.idealCycleMs]));
  return readings
    .withWatermark('eventTime', o.oeeWatermark, late ? { late } : {})
    .dropDuplicatesWithinWatermark('readingId')
    .map((r) => ({
      lineId: r.lineId,
      eventTime: r.eventTime,
      plannedMs: isPlanned(r.state) ? r.intervalMs : 0,
      runMs: r.state === 'running' ? r.intervalMs : 0,
      idealMs: r.parts * (ideal.get(r.machineId) ?? 0),
      parts: r.parts,
      good: r.parts - r.scrap,
    }))
    .groupBy(window('eventTime', SHIFT_MS, SHIFT_MS, shiftA % SHIFT_MS), 'lineId')
    .agg({ records: count(), plannedMs: sum('plannedMs'), runMs: sum('runMs'), idealMs: sum('idealMs'), totalCount: sum('parts'), goodCount: sum('good') })
    .map((w) => {
      const totals = { plannedMs: w.plannedMs ?? 0, runMs: w.runMs ?? 0, idealMs: w.idealMs ?? 0, totalCount: w.totalCount ?? 0, goodCount: w.goodCount ?? 0 };
      return { lineId: w.lineId, shift: shiftOf(w.window.start, shiftA).name, window: w.window, records: w.records, ...totals, ...oee(totals) };
    });
}

export type OeeRow = ReturnType<typeof lineOee> extends Stream<infer R> ? R : never;
