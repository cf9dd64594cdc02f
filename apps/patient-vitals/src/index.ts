/**
 * @streamlab/patient-vitals: the Patient vitals use case. Other packages use only the use case itself (the
 * hub finds it through `streamlab.useCase` in package.json); the domain, simulator, pipelines and
 * evaluation are imported by path inside the app and its specs.
 */
export { patientVitalsUseCase } from './use-case.js';
