/**
 * The Fleet rerouting dashboard's queries, declared once: `live/start.ts` names and publishes them
 * with these handles, `dashboard/main.ts` subscribes with them, `use-case.ts` points its tile at
 * them. Browser-safe (the dashboard imports it): type-only imports besides `@streamlab/live/queries`.
 */
import { defineQueries, query } from '@streamlab/live/queries';
import type { DeadLetterRow } from '@streamlab/live';
import type { Reroute } from './domain/reroute.js';
import type { ConfirmedIncident } from './pipelines/confirmation.js';
import type { StopEta } from './pipelines/eta-risk.js';
import type { FleetKpiRow } from './pipelines/fleet-kpis.js';
import type { DetectedIncident } from './pipelines/incident-detection.js';
import type { SegmentSpeedRow } from './pipelines/segment-speeds.js';
import type { VehicleSilence } from './pipelines/silent-vehicles.js';

/** Each vehicle's newest matched ping. */
export interface VehicleRow {
  vehicleId: string;
  lat: number;
  lon: number;
  headingDeg: number;
  speedKmh: number;
  street: string;
  stopped: boolean;
  eventTime: number;
}
/** A detected incident, with a sentence for the feed and where it is. */
export type IncidentRow = DetectedIncident & { reason: string; lat: number; lon: number; level: 'critical' | 'high' | 'medium' };

export const queries = defineQueries({
  vehicles: query<VehicleRow>('vehicles'),
  segments: query<SegmentSpeedRow>('segment-speeds'),
  incidents: query<IncidentRow>('incidents'),
  confirmed: query<ConfirmedIncident>('confirmed'),
  /** Read back from `fleet.reroutes` (committed records only): what the vehicles were sent. */
  reroutes: query<Reroute>('reroutes'),
  etas: query<StopEta>('etas'),
  silent: query<VehicleSilence>('silent-vehicles'),
  kpis: query<FleetKpiRow>('fleet-kpis'),
  /** Pings that did not decode, and teleports, from the dead-letter topic. */
  deadLetters: query<DeadLetterRow>('dead-letters'),
});
