import { basename } from 'node:path';
import type { UserWorkspaceConfig } from 'vitest/config';

// Workspace packages export a `development` condition that points at `src/index.ts`. Vite resolves
// it by default outside production mode, so tests run the TypeScript sources without a build step
// (scripts do the same with `tsx --conditions=development`).

/** Test file kinds. Unit tests run everywhere; integration tests get a real Kafka broker. */
export const unitInclude = ['src/**/*.spec.ts'];
export const integrationInclude = ['src/**/*.int.spec.ts'];
export const browserInclude = ['src/**/*.e2e.spec.ts'];
export const kafkaGlobalSetup = new URL('./libs/kafka/src/testing/global-setup.ts', import.meta.url).pathname;

/** The vitest config of one project, used by `nx test <project>` (its `vitest.config.ts`). */
export function projectConfig(dir: string, opts: { kafka?: boolean } = {}): UserWorkspaceConfig {
  return {
    root: dir,
    test: {
      name: basename(dir),
      include: [...unitInclude],
      // `nx test <project>` runs the unit tests; integration and browser tests run in `npm test`.
      exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.spec.ts', '**/*.e2e.spec.ts'],
      globalSetup: opts.kafka ? [kafkaGlobalSetup] : [],
      testTimeout: 20_000,
      hookTimeout: 120_000,
    },
  };
}
