/**
 * The queries the patient-vitals dashboard shows, declared once: `live/start.ts` names and
 * publishes them with these handles, `dashboard/main.ts` subscribes with them, `use-case.ts` points
 * its tile at them. Browser-safe: type-only imports besides the declaration helpers.
 */
import type { DeadLetterRow } from '@streamlab/live';
import { defineQueries, query } from '@streamlab/live/queries';
import type { CensusRow } from './domain/admission.js';
import type { Alert } from './domain/alert.js';
import type { AckRow } from './pipelines/acknowledgements.js';
import type { CoverageSession, MonitoringGap } from './pipelines/coverage.js';
import type { News2Row } from './pipelines/news2-scores.js';
import type { HourlyTrend, MinuteValue } from './pipelines/rolling.js';

export type { AckRow, Alert, CensusRow, CoverageSession, HourlyTrend, MinuteValue, MonitoringGap, News2Row };

export const queries = defineQueries({
  /** Robust per-minute values per patient and vital (the sparklines; the tile's sample rate). */
  minutes: query<MinuteValue>('minute-values'),
  /** Hourly medians and slopes per patient and vital (sliding windows). */
  trends: query<HourlyTrend>('hourly-trends'),
  /** NEWS2 per patient, with its breakdown. */
  news2: query<News2Row>('news2'),
  /** Every alert: NEWS2 escalations, early warnings, unacknowledged escalations (read back from `vitals.alerts`). */
  alerts: query<Alert>('alerts'),
  /** Alerts joined with their acknowledgements: time to acknowledge. */
  acks: query<AckRow>('acknowledgements'),
  /** Monitoring sessions per patient (session windows, update mode). */
  coverage: query<CoverageSession>('coverage'),
  /** Unmonitored periods between sessions. */
  gaps: query<MonitoringGap>('monitoring-gaps'),
  /** Who is in which bed: names resolved on the dashboard only (never on a topic). */
  census: query<CensusRow>('census'),
  /** Readings that did not decode and impossible samples, from the dead-letter topic, with why. */
  deadLetters: query<DeadLetterRow>('dead-letters'),
});
