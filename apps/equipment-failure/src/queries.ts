/**
 * The queries the equipment dashboard shows, declared once: `live/start.ts` names and publishes
 * them with these handles, `dashboard/main.ts` subscribes with them, `use-case.ts` points its tile
 * at them. Browser-safe: type-only imports besides the declaration helpers.
 */
import type { LateRecord } from '@streamlab/core';
import type { DeadLetterRow } from '@streamlab/live';
import { defineQueries, query } from '@streamlab/live/queries';
import type { Alert } from './domain/alert.js';
import type { Reading } from './domain/reading.js';
import type { WorkOrder } from './domain/work-order.js';
import type { LimitScore } from './pipelines/anomaly-limits.js';
import type { DowntimeRow } from './pipelines/downtime.js';
import type { ExpiredWarning } from './pipelines/imminent-failure.js';
import type { OeeRow } from './pipelines/oee.js';
import type { RemainingLife } from './pipelines/remaining-life.js';
import type { SensorHealth } from './pipelines/sensor-health.js';
import type { throughput } from './pipelines/throughput.js';

type Rows<F extends (...args: never[]) => unknown> = ReturnType<F> extends import('@streamlab/core').Stream<infer R> ? R : never;

export type ThroughputRow = Rows<typeof throughput>;
/** A machine's remaining life, with its line and state for the plant floor. */
export type MachineHealthRow = RemainingLife & { lineId: string; type: string };
/** An OEE figure beyond the watermark: the late record, flattened for the table. */
export type LateReadingRow = Pick<LateRecord<Reading>, 'eventTimeMs' | 'watermarkMs' | 'lateByMs'> & { machineId: string; lineId: string };
/** An expired partial match, flattened: which machine, how far it got. */
export type ExpiredWarningRow = Pick<ExpiredWarning, 'key' | 'stage' | 'startMs' | 'watermarkMs'>;

export const queries = defineQueries({
  alerts: query<Alert>('alerts'),
  /** Its Kafka source dead-letters undecodable records (the other readers only count them). */
  throughput: query<ThroughputRow>('throughput'),
  machineHealth: query<MachineHealthRow>('machine-health'),
  limits: query<LimitScore>('limit-scores'),
  sensorHealth: query<SensorHealth>('sensor-health'),
  workOrders: query<WorkOrder>('work-orders'),
  oee: query<OeeRow>('oee'),
  downtime: query<DowntimeRow>('downtime'),
  lateReadings: query<LateReadingRow>('late-readings'),
  expiredWarnings: query<ExpiredWarningRow>('expired-warnings'),
  deadLetters: query<DeadLetterRow>('dead-letters'),
});
