import { MemoryStream } from '@streamlab/core';
/** Test fixtures shared by the pipeline specs: a small catalog and readings built field by field. */
import { buildCatalog, MODELS, type Sensor } from '../domain/catalog.js';
import type { Reading } from '../domain/reading.js';

export const T0 = Date.parse('2026-01-05T07:00:00Z');
export const S = 1_000;
export const M = 60_000;
export const catalog = buildCatalog({ plants: 1, linesPerPlant: 1, machinesPerLine: 5 });
/** P1-L1-M01 is a CNC mill (no pressure sensor), M02 a pump. */
export const MILL = 'P1-L1-M01';
export const PUMP = 'P1-L1-M02';
export const carries = (machineId: string, sensor: Sensor) => MODELS[catalog.byId.get(machineId)!.type].rated[sensor] !== undefined;

let seq = 0;
/** A running mill's reading at its nominal values, with `over` replacing fields. */
export function reading(at: number, over: Partial<Reading> = {}): Reading {
  const machineId = over.machineId ?? MILL;
  const m = catalog.byId.get(machineId)!;
  const rated = MODELS[m.type].rated;
  return {
    readingId: `r-${seq++}`,
    plantId: m.plantId,
    lineId: m.lineId,
    machineId,
    state: 'running',
    eventTime: at,
    intervalMs: 1_000,
    parts: 0,
    scrap: 0,
    vibration: rated.vibration?.nominal ?? null,
    bearingTemp: rated.bearingTemp?.nominal ?? null,
    current: rated.current?.nominal ?? null,
    pressure: rated.pressure?.nominal ?? null,
    rpm: rated.rpm?.nominal ?? null,
    power: rated.power?.nominal ?? null,
    maintenance: null,
    ...over,
  };
}

/**
 * Runs a query on a memory stream and collects what it emits: `add` is one micro-batch (run to
 * completion before it returns), so a spec controls exactly which rows share a batch.
 */
export function collect<In, Out>(
  build: (input: import('@streamlab/core').Stream<In>) => import('@streamlab/core').Stream<Out>,
  mode: 'append' | 'update' = 'append',
) {
  const input = new MemoryStream<In>();
  const rows: Out[] = [];
  const batches: Out[][] = [];
  const query = build(input.toStream())
    .writeStream.outputMode(mode)
    .foreachBatch((b) => {
      rows.push(...b);
      batches.push([...b]);
    })
    .start();
  return {
    rows,
    batches,
    query,
    async add(...data: In[]) {
      input.addData(data);
      await query.processAllAvailable();
      if (query.exception) throw query.exception;
    },
    stop: () => query.stop(),
  };
}
