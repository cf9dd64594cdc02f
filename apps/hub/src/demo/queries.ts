/**
 * The demo's queries, declared once: `pipelines.ts` names and publishes them with these handles,
 * `dashboard.ts` subscribes with them, `use-case.ts` points its tile at them. Browser-safe:
 * type-only imports besides the declaration helpers.
 */
import type { Stream } from '@streamlab/core';
import { defineQueries, query } from '@streamlab/live/queries';
import type { DemoAlert, latestPositions, ridesByZone, ridesPerWindow } from './pipelines.js';

type Rows<F extends (...args: never[]) => unknown> = ReturnType<F> extends Stream<infer R> ? R : never;

export type RidesRow = Rows<typeof ridesByZone>;
export type PositionRow = Rows<typeof latestPositions>;
export type RidesCountRow = Rows<typeof ridesPerWindow>;

export const queries = defineQueries({
  rides: query<RidesRow>('rides'),
  alerts: query<DemoAlert>('alerts'),
  positions: query<PositionRow>('positions'),
  ridesAppend: query<RidesCountRow>('rides-append'),
  ridesUpdate: query<RidesCountRow>('rides-update'),
  ridesComplete: query<RidesCountRow>('rides-complete'),
});
