/**
 * Finds the use cases of the workspace without importing app code statically: every
 * `apps/<dir>/package.json` with a `streamlab.useCase` entry (a module path relative to the app,
 * whose default export, or `useCase` export, is a {@link UseCase}) is imported dynamically. A
 * use case made by the generator therefore appears in the hub with no other change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { StreamlabError, type Logger } from '@streamlab/core';
import type { UseCase } from './use-case.js';

export interface DiscoveredUseCase {
  useCase: UseCase;
  /** The app's package name. */
  packageName: string;
  dir: string;
}

const manifestSchema = z.object({
  name: z.string(),
  streamlab: z.object({ useCase: z.string().min(1) }).optional(),
});

const useCaseSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
  title: z.string().min(1),
  description: z.string(),
  dashboard: z.object({ entry: z.string().min(1) }),
  start: z.custom<UseCase['start']>((v) => typeof v === 'function', 'must be a function'),
});

/**
 * Imports every use case declared under `<workspaceRoot>/apps`. A use case that fails to load is
 * logged with the reason and skipped: one broken app never stops the others.
 *
 * @example
 * const found = await discoverUseCases('/work/main', logger);
 * found.map((f) => f.useCase.name); // ['fraud-detection', 'fleet-rerouting', ...]
 */
export async function discoverUseCases(workspaceRoot: string, logger: Logger): Promise<DiscoveredUseCase[]> {
  const appsDir = join(workspaceRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  const found: DiscoveredUseCase[] = [];
  for (const entry of readdirSync(appsDir).sort()) {
    const dir = join(appsDir, entry);
    const pkgPath = join(dir, 'package.json');
    if (!existsSync(pkgPath)) continue;
    let packageName = entry;
    try {
      const pkg = manifestSchema.parse(JSON.parse(readFileSync(pkgPath, 'utf8')));
      packageName = pkg.name;
      if (!pkg.streamlab) continue;
      const modPath = resolve(dir, pkg.streamlab.useCase);
      const mod = (await import(pathToFileURL(modPath).href)) as { default?: unknown; useCase?: unknown };
      const candidate = mod.default ?? mod.useCase;
      const r = useCaseSchema.safeParse(candidate);
      if (!r.success) {
        throw new StreamlabError(
          'LIVE_BAD_USE_CASE',
          `${modPath} does not export a valid UseCase: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          {
            value: modPath,
            hint: 'export default defineUseCase({ name, title, description, dashboard: { entry }, start }) from @streamlab/live',
          },
        );
      }
      if (found.some((f) => f.useCase.name === r.data.name)) {
        throw new StreamlabError('LIVE_DUPLICATE_USE_CASE', `two apps declare the use case "${r.data.name}"`, {
          value: r.data.name,
          hint: 'give each use case a unique name',
        });
      }
      found.push({ useCase: candidate as UseCase, packageName, dir });
    } catch (err) {
      logger.error({ err, app: packageName }, `use case in apps/${entry} not loaded`);
    }
  }
  return found;
}
