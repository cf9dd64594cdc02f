import { defineConfig } from 'vitest/config';
import { kafkaGlobalSetup } from './vitest.shared.ts';

const roots = ['libs/*/src', 'apps/*/src', 'generators/src', 'scripts'];
const glob = (suffix: string) => roots.map((r) => `${r}/**/*${suffix}`);
const exclude = ['**/node_modules/**', '**/dist/**'];

/**
 * `npm test` runs this: every project's tests in one vitest run, split by kind.
 * - unit:        *.spec.ts (pure, fast, deterministic; no network)
 * - integration: *.int.spec.ts (against one real Kafka broker started for the whole run)
 * - browser:     *.e2e.spec.ts (real headless Chromium)
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: glob('.spec.ts'),
          exclude: [...exclude, '**/*.int.spec.ts', '**/*.e2e.spec.ts'],
        },
      },
      {
        // The workshop's step checks, run against the solutions (src/proof.spec.ts in `unit`
        // proves the starters fail them).
        extends: true,
        test: {
          name: 'workshop',
          include: ['apps/workshop/steps/*/check.spec.ts'],
          exclude,
          env: { WORKSHOP_IMPL: 'solution' },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: glob('.int.spec.ts'),
          exclude,
          globalSetup: [kafkaGlobalSetup],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: glob('.test-d.ts'), tsconfig: 'tsconfig.types.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: glob('.e2e.spec.ts'),
          exclude,
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
