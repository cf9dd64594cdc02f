/**
 * The generator for real, end to end: `nx g @streamlab/generators:use-case` in a scratch copy of
 * the workspace (its config files copied; `node_modules`, `libs` and `generators` linked, so the
 * real packages resolve), then the generated project's own unit tests with vitest, its typecheck,
 * the Nx project graph (name, tags, targets) and `nx run <name>:simulate -- --duration 10s --asap`.
 * No Kafka needed; the scratch copy keeps /work/main's apps/ and tsconfig.json untouched, so tests
 * running beside it (the hub's discovery) never see the generated app.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');
const NX = join(ROOT, 'node_modules/nx/dist/bin/nx.js');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const NAME = 'energy-grid';

/** A workspace that resolves like /work/main but whose apps/ and root files are its own. */
function scratchWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-gen-'));
  for (const f of ['package.json', 'nx.json', 'tsconfig.json', 'tsconfig.base.json', 'vitest.shared.ts']) copyFileSync(join(ROOT, f), join(dir, f));
  for (const d of ['node_modules', 'libs', 'generators']) symlinkSync(join(ROOT, d), join(dir, d), 'dir');
  mkdirSync(join(dir, 'apps'));
  return dir;
}

/** Runs `node <args>` in `cwd`; a non-zero exit rejects with its output, so a failure shows why. */
async function node(cwd: string, args: string[], timeoutMs = 45_000): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_INTERACTIVE: 'false',
    CI: 'true',
    FORCE_COLOR: '0',
  };
  delete env.KAFKA_BROKERS;
  try {
    const { stdout } = await run(process.execPath, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    throw new Error(`node ${args.join(' ')} failed (${String(e.code)}):\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

describe('use-case generator, for real', () => {
  it('generates a project that passes its own tests, typechecks, is in the Nx graph and simulates', async () => {
    const ws = scratchWorkspace();
    const app = join(ws, 'apps', NAME);
    try {
      const generated = await node(ws, [NX, 'g', '@streamlab/generators:use-case', NAME, '--title', "Bob's grid", '--no-interactive']);
      expect(generated).toContain(`apps/${NAME} is ready`);
      for (const f of [
        'package.json',
        'src/use-case.ts',
        'src/domain/reading.ts',
        'src/sim/model.ts',
        'src/pipelines/source-averages.spec.ts',
        'src/dashboard/main.ts',
      ]) {
        expect(existsSync(join(app, f)), f).toBe(true);
      }
      expect(JSON.parse(readFileSync(join(ws, 'tsconfig.json'), 'utf8')).references).toContainEqual({ path: `apps/${NAME}` });

      // its unit tests, as `nx test <name>` runs them (the project's vitest.config.ts)
      const report = join(ws, 'vitest-report.json');
      await node(app, [VITEST, 'run', '--root', app, '--reporter=json', `--outputFile=${report}`]);
      const tests = JSON.parse(readFileSync(report, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
        numTotalTests: number;
        testResults: { name: string }[];
      };
      expect(tests.numFailedTests).toBe(0);
      expect(tests.numPassedTests).toBe(tests.numTotalTests);
      expect(tests.numPassedTests).toBeGreaterThanOrEqual(10);
      expect(tests.testResults.map((r) => r.name.slice(app.length + 1)).sort()).toEqual([
        'src/domain/reading.spec.ts',
        'src/domain/rules/high-average.spec.ts',
        'src/pipelines/source-averages.spec.ts',
        'src/sim/model.spec.ts',
      ]);

      // it typechecks, dashboard (DOM) included; a type error makes tsc exit non-zero
      await node(app, [TSC, '-p', join(app, 'tsconfig.json'), '--noEmit']);

      // Nx sees it with its name, tags and targets (inferred from package.json scripts)
      const project = JSON.parse(await node(ws, [NX, 'show', 'project', NAME, '--json'])) as { name: string; tags: string[]; targets: Record<string, unknown> };
      expect(project.name).toBe(NAME);
      expect(project.tags).toEqual(expect.arrayContaining([`scope:${NAME}`, 'type:app']));
      expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['test', 'typecheck', 'simulate', 'serve']));

      // the simulator runs through its Nx target and writes readings (and their labels) as NDJSON
      const ndjson = join(ws, 'readings.ndjson');
      await node(ws, [NX, 'run', `${NAME}:simulate`, '--', '--duration', '10s', '--asap', '--rate', '100', '--no-progress', '--out', ndjson]);
      const readings = readFileSync(ndjson, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(readings.length).toBeGreaterThan(900);
      expect(Object.keys(readings[0]!).sort()).toEqual(['eventTime', 'readingId', 'sourceId', 'value']);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }, 90_000);
});
