/**
 * The runner's errors: one thing the learner (or the facilitator) can fix, said in one line with
 * what to do. The CLI prints `workshop: <message>` and `  <hint>`, and exits with `exitCode`.
 */
import { StreamlabError } from '@streamlab/core';

/** Exit codes of the runner: 0 done, 1 checks failing or a query failed, 2 a usage or setup problem. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export type WorkshopErrorCode =
  | 'WORKSHOP_NO_STEPS'
  | 'WORKSHOP_UNKNOWN_STEP'
  | 'WORKSHOP_BAD_STEP'
  | 'WORKSHOP_BAD_CONFIG'
  | 'WORKSHOP_NOT_GIT'
  | 'WORKSHOP_NO_HINTS'
  | 'WORKSHOP_CHECKS_CRASHED';

/**
 * @example
 * throw new WorkshopError('WORKSHOP_UNKNOWN_STEP', 'there is no step 42', { value: 42, hint: 'npm run workshop lists the steps' });
 */
export class WorkshopError extends StreamlabError {
  readonly exitCode: number;
  constructor(code: WorkshopErrorCode, message: string, details: { value?: unknown; hint: string; exitCode?: number; cause?: unknown }) {
    super(code, message, { value: details.value, hint: details.hint, ...(details.cause !== undefined ? { cause: details.cause } : {}) });
    this.name = 'WorkshopError';
    this.exitCode = details.exitCode ?? EXIT.usage;
  }
}

/**
 * A StreamLab error's message without the ` (hint)` its constructor appends, for printing the hint on its own line.
 *
 * @example
 * plainMessage(new WorkshopError('WORKSHOP_NO_HINTS', 'step 2 has no hints', { hint: 'see the solution' })); // 'step 2 has no hints'
 */
export function plainMessage(err: StreamlabError): string {
  return err.hint && err.message.endsWith(` (${err.hint})`) ? err.message.slice(0, -(err.hint.length + 3)) : err.message;
}
