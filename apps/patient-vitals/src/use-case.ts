/**
 * The Patient vitals use case, as the hub mounts it (`npm start`) or `npx nx serve patient-vitals`
 * runs it alone. The hub finds it through `streamlab.useCase` in package.json.
 */
import { defineUseCase } from '@streamlab/live';
import { startPatientVitalsLive, topics } from './live/start.js';
import { queries } from './queries.js';

export const patientVitalsUseCase = defineUseCase({
  name: 'patient-vitals',
  title: 'Patient vitals',
  description: "Patient vitals: readings per source in 10-second windows, with an alert when a source's average runs high.",
  queries,
  tile: {
    // skipLast: the newest window is still filling up, so the line would dip at its end
    sparkline: { query: queries.averages, x: 'window', y: 'readings', label: 'readings / 10 s', skipLast: true },
    alerts: { query: queries.alerts, entity: 'sourceId', reason: 'reason', time: 'eventTime', severity: 'severity' },
  },
  dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
  topics: topics(),
  start: (ctx) => startPatientVitalsLive(ctx),
});

export default patientVitalsUseCase;
