/**
 * What `evaluate` measures: the alert query, fed the simulator's readings as the Kafka source
 * would decode them, scored against the labelled `spike` incidents. An alert is about the source it
 * names, at its event time (the end of its window). YOUR DETECTORS GO HERE: one entry each.
 */
import type { DetectorEvaluation } from '@streamlab/datagen';
import { decodeJson } from '@streamlab/kafka';
import { readingSchema, type Reading } from '../domain/reading.js';
import type { Alert } from '../domain/rules/high-average.js';
import { highAverageAlerts } from '../pipelines/source-averages.js';
import { equipmentFailureModel } from '../sim/model.js';

/**
 * @example
 * const { scorecard } = await evaluateDetectors(evaluation, { seed: 42, minutes: 10, ratePerSec: 20 });
 */
export const evaluation: DetectorEvaluation<Reading, Alert> = {
  model: equipmentFailureModel,
  decode: decodeJson(readingSchema),
  detectors: { 'high-average': (readings) => highAverageAlerts(readings) },
  detection: (alert) => ({ key: alert.sourceId, timeMs: alert.eventTime }),
};
