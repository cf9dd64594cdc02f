/**
 * @streamlab/workshop: the workshop's step contract and its runner (`npm run workshop`).
 *
 * @example
 * import { defineStep } from '@streamlab/workshop';
 * export default defineStep<typeof import('./solution.js')>({ title: 'Windows', chapter: '3. Windowing', minutes: 30, kind: 'exercise', run });
 */
export { defineStep, type StepDefinition, type StepRunContext, type RunningStep } from './step.js';
export { runWorkshop, type ProgramDeps } from './program.js';
export { DEFAULT_PATHS, type Workshop } from './workshop.js';
export { loadConfig, type WorkshopConfig } from './config.js';
export { vitestCheckRunner, type CheckRunner, type CheckResult, type CheckFailure } from './checks-runner/run-checks.js';
export { fsFileEvents, manualFileEvents, type FileEvents, type ManualFileEvents } from './file-events.js';
export { processIO, recordingIO, isYes, type WorkshopIO, type RecordingIO } from './io.js';
export { WorkshopError, EXIT, type WorkshopErrorCode } from './errors.js';
