import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWebAssets } from './web-build.js';

function recorder() {
  const infos: string[] = [];
  const logger = {
    trace() {},
    debug() {},
    info(_o: unknown, msg?: string) {
      if (msg) infos.push(msg);
    },
    warn() {},
    error() {},
    child() {
      return logger;
    },
  };
  return { logger, infos };
}

describe('buildWebAssets', () => {
  it('reuses the bundle until a module it imports changes, even outside the entry folder', async () => {
    const app = mkdtempSync(join(tmpdir(), 'web-app-'));
    mkdirSync(join(app, 'dashboard'));
    mkdirSync(join(app, 'domain'));
    writeFileSync(join(app, 'domain', 'label.ts'), "export const label = 'first-label';\n");
    writeFileSync(join(app, 'dashboard', 'main.ts'), "import { label } from '../domain/label.js';\ndocument.title = label;\n");
    const cacheDir = mkdtempSync(join(tmpdir(), 'web-cache-'));
    const entries = { 'uc-x': join(app, 'dashboard', 'main.ts') };
    const { logger, infos } = recorder();

    const a = await buildWebAssets({ entries, logger, cacheDir });
    const js = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
    expect(js(a.dir, a.entries['uc-x']?.js as string)).toContain('first-label');
    expect(a.entries.landing?.css.length).toBeGreaterThan(0); // the kit's stylesheet, found through imports

    const again = await buildWebAssets({ entries, logger, cacheDir });
    expect(again.dir).toBe(a.dir);
    expect(infos.filter((m) => m === 'dashboards bundled')).toHaveLength(1);

    writeFileSync(join(app, 'domain', 'label.ts'), "export const label = 'second-label';\n");
    const b = await buildWebAssets({ entries, logger, cacheDir });
    expect(b.dir).not.toBe(a.dir);
    expect(js(b.dir, b.entries['uc-x']?.js as string)).toContain('second-label');
  }, 60_000);

  it('names a missing dashboard entry', async () => {
    const { logger } = recorder();
    await expect(buildWebAssets({ entries: { 'uc-x': '/nope/main.ts' }, logger, cacheDir: mkdtempSync(join(tmpdir(), 'web-cache-')) })).rejects.toMatchObject({
      code: 'LIVE_DASHBOARD_MISSING',
      value: '/nope/main.ts',
    });
  });
});
