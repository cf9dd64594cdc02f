/**
 * 4. Confirmation (stream-stream join with watermarks on both sides). A report of the city feed is
 * confirmed when a slowdown is detected near it (within 600 m: reports are sometimes misplaced)
 * between 10 minutes before and 10 minutes after it was published (reports are late, detections
 * too). Both sides are buffered in join state and cleaned up by the watermarks. The join key is a
 * coarse 500 m zone: a report joins the 3x3 zones around it, so a neighbouring zone's detection
 * still meets it; the exact distance is checked after the join.
 */
import type { Stream } from '@streamlab/core';
import { type LatLon, M_PER_DEG_LAT, M_PER_DEG_LON, metersBetween } from '../domain/geo.js';
import type { RoadNetwork } from '../domain/network.js';
import type { IncidentReport } from '../domain/ping.js';
import type { DetectedIncident } from './incident-detection.js';

const ZONE_M = 500;
export const CONFIRM_RADIUS_M = 600;
export const CONFIRM_WINDOW_MS = 10 * 60_000;

const zoneXY = (p: LatLon) => [Math.floor((p.lon * M_PER_DEG_LON) / ZONE_M), Math.floor((p.lat * M_PER_DEG_LAT) / ZONE_M)] as const;
const zone = (x: number, y: number) => y * 100_000 + x;

export interface ConfirmedIncident {
  reportId: string;
  incidentId: string;
  kind: IncidentReport['kind'];
  segmentId: string;
  street: string;
  reportedStreet: string;
  /** How far the report was from the detected segment. */
  offByM: number;
  severity: DetectedIncident['severity'];
  reportedAt: number;
  detectedAt: number;
  /** When both were known: the later of the two. */
  eventTime: number;
}

/**
 * @example
 * confirmation(reports.withWatermark('reportedAt', '2 minutes'), detected.withWatermark('eventTime', '1 minute'), net);
 */
export function confirmation(reports: Stream<IncidentReport>, detections: Stream<DetectedIncident>, net: RoadNetwork): Stream<ConfirmedIncident> {
  const around = reports.flatMap((r) => {
    const [x, y] = zoneXY(r);
    const rows = [];
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        rows.push({
          reportId: r.reportId,
          kind: r.kind,
          lat: r.lat,
          lon: r.lon,
          reportedStreet: r.street,
          reportedAt: r.reportedAt,
          zone: zone(x + dx, y + dy),
        });
      }
    return rows;
  });
  const seen = detections
    .filter((d) => d.status === 'open')
    .map((d) => {
      const s = net.segments[d.segment]!;
      const [x, y] = zoneXY({ lat: s.midLat, lon: s.midLon });
      return {
        incidentId: d.incidentId,
        segmentId: d.segmentId,
        segment: d.segment,
        street: d.street,
        severity: d.severity,
        detectedAt: d.eventTime,
        zone: zone(x, y),
      };
    });
  return around
    .join(seen, 'zone', 'inner', { timeRange: { leftTime: 'reportedAt', rightTime: 'detectedAt', min: -CONFIRM_WINDOW_MS, max: CONFIRM_WINDOW_MS } })
    .flatMap((j): ConfirmedIncident[] => {
      const s = net.segments[j.segment]!;
      const offByM = Math.round(metersBetween(j, { lat: s.midLat, lon: s.midLon }));
      if (offByM > CONFIRM_RADIUS_M) return [];
      return [
        {
          reportId: j.reportId,
          incidentId: j.incidentId,
          kind: j.kind,
          segmentId: j.segmentId,
          street: j.street,
          reportedStreet: j.reportedStreet,
          offByM,
          severity: j.severity,
          reportedAt: j.reportedAt,
          detectedAt: j.detectedAt,
          eventTime: Math.max(j.reportedAt, j.detectedAt),
        },
      ];
    });
}
