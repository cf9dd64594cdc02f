/**
 * The vitest config of one step's checks, as the runner runs them (`WORKSHOP_STEP_DIR`: the
 * step folder; `WORKSHOP_IMPL`: `exercise` or `solution`, read by the checks through `implementation()`).
 */
import { defineConfig } from 'vitest/config';

const dir = process.env.WORKSHOP_STEP_DIR;
if (!dir) throw new Error('WORKSHOP_STEP_DIR is not set: the workshop runner sets it (npm run workshop -- verify N)');

export default defineConfig({
  test: {
    root: dir,
    include: ['check.spec.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { WORKSHOP_IMPL: process.env.WORKSHOP_IMPL === 'solution' ? 'solution' : 'exercise' },
    watch: false,
  },
});
