import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApp, checkApps, formatViolations, type ShapeViolation, useCaseApps } from './app-shape.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const APP = 'fraud-detection';

describe('the apps of this workspace', () => {
  it('are the use cases in apps/ but the hub and the workshop', () => {
    const apps = useCaseApps(ROOT);
    expect(apps).toContain(APP);
    expect(apps).not.toContain('hub');
    expect(apps).not.toContain('workshop');
  });

  // it imports every app's use case (its simulator, pipelines and dashboard modules): slow on a busy machine
  it('all have the use-case shape', { timeout: 120_000 }, async () => {
    expect(formatViolations(await checkApps(ROOT))).toBe('');
  });
});

/**
 * Drift on a copy of apps/fraud-detection. The copy lives inside the workspace (test-artifacts/,
 * git-ignored), so its imports resolve to the workspace packages and its use case loads.
 */
describe('checkApp on a copy of apps/fraud-detection', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function copy(): string {
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    root = mkdtempSync(join(ROOT, 'test-artifacts', 'app-shape-'));
    const skip = /\/(dist|node_modules)(\/|$)/;
    cpSync(join(ROOT, 'apps', APP), join(root, 'apps', APP), { recursive: true, filter: (src) => !skip.test(src) });
    // the app's tsconfig extends the base one and references the libs: the transform reads both
    cpSync(join(ROOT, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    symlinkSync(join(ROOT, 'libs'), join(root, 'libs'), 'dir');
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: 'libs/core' }, { path: `apps/${APP}` }] }));
    return join(root, 'apps', APP);
  }
  const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));
  /** What each violation is about, with its app. */
  const found = (violations: readonly ShapeViolation[]) => violations.map((v) => `${v.app}: ${v.what}`);

  it('finds nothing on the copy as it is', async () => {
    copy();
    expect(await checkApp(root, APP)).toEqual([]);
  });

  it('catches a missing folder', async () => {
    const app = copy();
    rmSync(join(app, 'src/evaluation'), { recursive: true });
    const violations = await checkApp(root, APP);
    expect(found(violations)).toEqual([`${APP}: no folder src/evaluation/`]);
    expect(violations[0]!.fix).toBe(`create apps/${APP}/src/evaluation/ (see apps/fraud-detection/src/evaluation/ for what goes there)`);
  });

  it('catches a missing evaluate script', async () => {
    const app = copy();
    edit(join(app, 'package.json'), (t) => {
      const pkg = JSON.parse(t) as { scripts: Record<string, string> };
      delete pkg.scripts['evaluate'];
      return JSON.stringify(pkg, null, 2);
    });
    const violations = await checkApp(root, APP);
    expect(found(violations)).toEqual([`${APP}: no evaluate script`]);
    expect(violations[0]!.fix).toContain('"evaluate": "exec node --conditions=development --import tsx src/cli/evaluate.ts"');
  });

  it('catches a use case whose topics declare no dead-letter topic', async () => {
    const app = copy();
    edit(join(app, 'src/live/start.ts'), (t) => {
      const declared = '{ topic: o.topic, deadLetters: true }';
      expect(t).toContain(declared);
      return t.replace(declared, '{ topic: o.topic }');
    });
    expect(found(await checkApp(root, APP))).toEqual([`${APP}: no topic declares a dead-letter topic`]);
  });

  it('catches a pipeline without a spec', async () => {
    const app = copy();
    rmSync(join(app, 'src/pipelines/kpis.spec.ts'));
    const violations = await checkApp(root, APP);
    expect(found(violations)).toEqual([`${APP}: pipeline src/pipelines/kpis.ts has no spec`]);
    expect(violations[0]!.fix).toContain('src/pipelines/kpis.spec.ts');
  });

  it('catches an app missing from the root tsconfig references', async () => {
    copy();
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: 'libs/core' }] }));
    const violations = await checkApp(root, APP);
    expect(found(violations)).toEqual([`${APP}: not in the root tsconfig.json references`]);
    expect(violations[0]!.fix).toBe(`add { "path": "apps/${APP}" } to "references" in tsconfig.json`);
  });

  it('catches a use case named apart from its folder, and walks every app but the hub and the workshop', async () => {
    copy();
    cpSync(join(root, 'apps', APP), join(root, 'apps', 'fraud-copy'), { recursive: true });
    for (const exempt of ['hub', 'workshop']) {
      mkdirSync(join(root, 'apps', exempt));
      writeFileSync(join(root, 'apps', exempt, 'package.json'), '{}');
    }
    const violations = await checkApps(root);
    expect(violations.map((v) => v.app)).not.toContain('hub');
    expect(violations.map((v) => v.app)).not.toContain('workshop');
    expect(violations.filter((v) => v.app === APP)).toEqual([]);
    expect(violations.map((v) => v.what)).toEqual(
      expect.arrayContaining([
        'package name is "@streamlab/fraud-detection"',
        'the Nx project name is "fraud-detection"',
        'no Nx tag scope:fraud-copy',
        'not in the root tsconfig.json references',
        'the use case is named "fraud-detection", not after its folder',
      ]),
    );
  });
});
