import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverUseCases } from './discover.js';

function workspace(apps: Record<string, { pkg: object; files?: Record<string, string> }>): string {
  const root = mkdtempSync(join(tmpdir(), 'discover-'));
  for (const [dir, { pkg, files }] of Object.entries(apps)) {
    mkdirSync(join(root, 'apps', dir), { recursive: true });
    writeFileSync(join(root, 'apps', dir, 'package.json'), JSON.stringify(pkg));
    for (const [f, text] of Object.entries(files ?? {})) writeFileSync(join(root, 'apps', dir, f), text);
  }
  return root;
}

const useCaseModule = (name: string) =>
  `export default { name: '${name}', title: 'T ${name}', description: 'd', dashboard: { entry: '/x.ts' }, start: () => ({ queries: [] }) };`;

function recordingLogger() {
  const errors: { obj: unknown; msg: string | undefined }[] = [];
  const logger = {
    trace() {},
    debug() {},
    info() {},
    warn() {},
    error(obj: unknown, msg?: string) {
      errors.push({ obj, msg });
    },
    child() {
      return logger;
    },
  };
  return { logger, errors };
}

describe('discoverUseCases', () => {
  it('imports every app that declares streamlab.useCase, in folder order', async () => {
    const root = workspace({
      'b-app': { pkg: { name: '@x/b', streamlab: { useCase: './uc.mjs' } }, files: { 'uc.mjs': useCaseModule('beta') } },
      'a-app': { pkg: { name: '@x/a', streamlab: { useCase: './uc.mjs' } }, files: { 'uc.mjs': useCaseModule('alpha') } },
      'not-a-use-case': { pkg: { name: '@x/lib' } },
    });
    const { logger, errors } = recordingLogger();
    const found = await discoverUseCases(root, logger);
    expect(found.map((f) => [f.useCase.name, f.packageName])).toEqual([
      ['alpha', '@x/a'],
      ['beta', '@x/b'],
    ]);
    expect(errors).toEqual([]);
  });

  it('skips and logs a broken use case without stopping the others', async () => {
    const root = workspace({
      'a-good': { pkg: { name: '@x/good', streamlab: { useCase: './uc.mjs' } }, files: { 'uc.mjs': useCaseModule('good') } },
      invalid: { pkg: { name: '@x/invalid', streamlab: { useCase: './uc.mjs' } }, files: { 'uc.mjs': "export default { name: 'Bad Name' };" } },
      missing: { pkg: { name: '@x/missing', streamlab: { useCase: './nope.mjs' } } },
      'z-dup': { pkg: { name: '@x/dup', streamlab: { useCase: './uc.mjs' } }, files: { 'uc.mjs': useCaseModule('good') } },
    });
    const { logger, errors } = recordingLogger();
    const found = await discoverUseCases(root, logger);
    expect(found.map((f) => f.packageName)).toEqual(['@x/good']);
    expect(errors.map((e) => (e.obj as { app: string }).app).sort()).toEqual(['@x/dup', '@x/invalid', '@x/missing']);
    const invalid = errors.find((e) => (e.obj as { app: string }).app === '@x/invalid')?.obj as { err: { code: string; message: string } };
    expect(invalid.err.code).toBe('LIVE_BAD_USE_CASE');
    expect(invalid.err.message).toMatch(/name/);
  });

  it('finds nothing in a workspace without apps', async () => {
    const { logger } = recordingLogger();
    expect(await discoverUseCases(mkdtempSync(join(tmpdir(), 'empty-')), logger)).toEqual([]);
  });
});
