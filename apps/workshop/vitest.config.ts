import { defineProject } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

const base = projectConfig(import.meta.dirname);

/**
 * The workshop's tests: the check helpers and the CI proof (`src/**\/*.spec.ts`), and every step's
 * checks (`steps/*\/check.spec.ts`). The checks run against the solutions unless `WORKSHOP_IMPL`
 * says otherwise: `npm test` proves the solutions pass, and the runner (and `src/proof.spec.ts`)
 * set `WORKSHOP_IMPL=exercise` to check the learner's files.
 */
export default defineProject({
  ...base,
  test: {
    ...base.test,
    include: [...(base.test?.include ?? []), 'steps/*/check.spec.ts'],
    env: { WORKSHOP_IMPL: process.env['WORKSHOP_IMPL'] ?? 'solution' },
  },
});
