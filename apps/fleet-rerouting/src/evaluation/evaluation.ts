/**
 * What `evaluate` measures: the geofence query, fed the simulator's positions as the Kafka source
 * would decode them, scored against the labelled `zone-intrusion` incidents. An alert is about the
 * vehicle it names, at its event time (the end of its window). YOUR DETECTORS GO HERE: one entry each.
 */
import type { DetectorEvaluation } from '@streamlab/datagen';
import { decodeJson } from '@streamlab/kafka';
import { type Position, positionSchema } from '../domain/position.js';
import type { Alert } from '../domain/rules/geofence.js';
import { zoneAlerts } from '../pipelines/zone-alerts.js';
import { fleetReroutingModel } from '../sim/model.js';

/**
 * @example
 * const { scorecard } = await evaluateDetectors(evaluation, { seed: 42, minutes: 10, ratePerSec: 20 });
 */
export const evaluation: DetectorEvaluation<Position, Alert> = {
  model: fleetReroutingModel,
  decode: decodeJson(positionSchema),
  detectors: { geofence: (positions) => zoneAlerts(positions) },
  detection: (alert) => ({ key: alert.vehicleId, timeMs: alert.eventTime }),
};
