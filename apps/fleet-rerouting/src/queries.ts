/**
 * The Fleet rerouting dashboard's queries, declared once: `live/start.ts` names and publishes them
 * with these handles, `dashboard/main.ts` subscribes with them, `use-case.ts` points its tile at
 * them. Browser-safe (the dashboard imports it): type-only imports besides `@streamlab/live/queries`.
 */
import type { Stream } from '@streamlab/core';
import { defineQueries, query } from '@streamlab/live/queries';
import type { DeadLetterRow } from '@streamlab/live';
import type { Alert } from './domain/rules/geofence.js';
import type { latestPositions } from './pipelines/latest-positions.js';
import type { reportRate } from './pipelines/report-rate.js';

type Rows<F extends (...args: never[]) => unknown> = ReturnType<F> extends Stream<infer R> ? R : never;

/** Each vehicle's last reported position. */
export type VehicleRow = Rows<typeof latestPositions>;
/** Position reports per 10-second window. */
export type RateRow = Rows<typeof reportRate>;

export const queries = defineQueries({
  vehicles: query<VehicleRow>('vehicles'),
  rate: query<RateRow>('rate'),
  alerts: query<Alert>('alerts'),
  /** Positions that did not decode, from the dead-letter topic. */
  deadLetters: query<DeadLetterRow>('dead-letters'),
});
