import { defineProject } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

// `nx test fraud-detection` runs the unit tests only (CONTRIBUTING.md); the integration and browser
// tests run in the root config's `integration` and `browser` projects.
const base = projectConfig(import.meta.dirname);
export default defineProject({ ...base, test: { ...base.test, exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.spec.ts', '**/*.e2e.spec.ts'] } });
