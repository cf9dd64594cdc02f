/**
 * The patient-vitals use case, as the hub mounts it (`npm start`) or `npx nx serve patient-vitals`
 * runs it alone: simulated bedside monitors and nurse observations on `vitals.*` topics, NEWS2 per
 * patient, escalation and early-warning alerts, acknowledgements from the dashboard.
 * A demo of streaming engineering, not a medical device.
 */
import { defineUseCase } from '@streamlab/live';
import { startVitalsLive, vitalsTopics } from './live/start.js';
import { queries } from './queries.js';

export const patientVitalsUseCase = defineUseCase({
  name: 'patient-vitals',
  title: 'Patient vitals',
  description:
    'Ward monitoring: vital signs per minute, NEWS2 per patient, escalation and early-warning alerts, acknowledgements. A demo, not a medical device.',
  queries,
  tile: {
    // skipLast: the newest minute is still filling up, so the line would dip at its end
    sparkline: { query: queries.minutes, x: 'eventTime', y: 'samples', label: 'monitor samples / min', skipLast: true },
    alerts: { query: queries.alerts, entity: 'patientId', reason: 'reason', time: 'eventTime', severity: 'severity' },
  },
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  topics: vitalsTopics(),
  start: (ctx) => startVitalsLive(ctx),
});

export default patientVitalsUseCase;
