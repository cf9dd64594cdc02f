/**
 * The query generator for real, end to end: in a scratch copy of the workspace (its config files
 * copied; `node_modules`, `libs` and `generators` linked, so the real packages resolve),
 * `nx g @streamlab/generators:use-case` makes a use case, `nx g @streamlab/generators:query` with
 * `--dry-run` writes nothing, then without it adds a query; the app then typechecks (tsc, its
 * dashboard included) and the generated spec passes. No Kafka needed; /work/main's apps/ is untouched.
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
const USE_CASE = 'energy-grid';
const QUERY = 'source-counts';

/** A workspace that resolves like /work/main but whose apps/ and root files are its own. */
function scratchWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-query-'));
  for (const f of ['package.json', 'nx.json', 'tsconfig.json', 'tsconfig.base.json', 'vitest.shared.ts', 'biome.json', '.gitignore'])
    copyFileSync(join(ROOT, f), join(dir, f));
  for (const d of ['node_modules', 'libs', 'generators']) symlinkSync(join(ROOT, d), join(dir, d), 'dir');
  mkdirSync(join(dir, 'apps'));
  return dir;
}

/** Runs `node <args>` in `cwd`; a non-zero exit rejects with its output, so a failure shows why. */
// generous: a typecheck of a whole generated app takes 45 s on a busy 2-core machine
async function node(cwd: string, args: string[], timeoutMs = 180_000): Promise<string> {
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

describe('query generator, for real', () => {
  it('adds a query to a generated use case that typechecks and whose spec passes; --dry-run writes nothing', { timeout: 400_000 }, async () => {
    const ws = scratchWorkspace();
    const app = join(ws, 'apps', USE_CASE);
    const pipeline = join(app, 'src/pipelines', `${QUERY}.ts`);
    try {
      await node(ws, [NX, 'g', '@streamlab/generators:use-case', USE_CASE, '--no-interactive']);
      const queriesBefore = readFileSync(join(app, 'src/queries.ts'), 'utf8');
      const query = ['g', '@streamlab/generators:query', QUERY, '--project', USE_CASE, '--no-interactive'];

      const dry = await node(ws, [NX, ...query, '--dry-run']);
      expect(dry).toContain(`CREATE apps/${USE_CASE}/src/pipelines/${QUERY}.ts`);
      expect(dry).toContain(`UPDATE apps/${USE_CASE}/src/live/start.ts`);
      expect(existsSync(pipeline)).toBe(false);
      expect(readFileSync(join(app, 'src/queries.ts'), 'utf8')).toBe(queriesBefore);

      await node(ws, [NX, ...query]);
      expect(readFileSync(join(app, 'src/queries.ts'), 'utf8')).toContain(`sourceCounts: query<SourceCountsRow>('${QUERY}'),`);
      expect(readFileSync(join(app, 'src/live/start.ts'), 'utf8')).toMatch(
        new RegExp(`kit\\.publish\\(q\\.sourceCounts, sourceCounts\\(\\w+\\('${QUERY}'\\)\\), 'update'\\);`),
      );
      expect(readFileSync(join(app, 'src/dashboard/main.ts'), 'utf8')).toContain('query: queries.sourceCounts,');

      // the app typechecks with the query in it (pipeline, spec, queries, start and dashboard)
      await node(app, [TSC, '-p', join(app, 'tsconfig.json'), '--noEmit']);

      // the generated spec passes as generated
      const report = join(ws, 'vitest-report.json');
      await node(app, [VITEST, 'run', '--root', app, `src/pipelines/${QUERY}.spec.ts`, '--reporter=json', `--outputFile=${report}`]);
      const tests = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numTotalTests: number; testResults: { name: string }[] };
      expect(tests.testResults.map((r) => r.name)).toEqual([join(app, 'src/pipelines', `${QUERY}.spec.ts`)]);
      expect(tests.numTotalTests).toBe(2);
      expect(tests.numPassedTests).toBe(2);

      // and what it wrote passes the workspace's linter and formatter
      const BIOME = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');
      const written = ['src/queries.ts', 'src/live/start.ts', 'src/dashboard/main.ts', `src/pipelines/${QUERY}.ts`, `src/pipelines/${QUERY}.spec.ts`];
      await node(ws, [BIOME, 'check', ...written.map((f) => join(app, f))]);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
