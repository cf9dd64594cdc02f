/**
 * The generator for real, end to end, once per template: `nx g @streamlab/generators:use-case` in
 * a scratch copy of the workspace (its config files and the hub copied; `node_modules`, `libs` and
 * `generators` linked, so the real packages resolve), then what the issue promises of the result:
 * it passes Biome and typechecks, its own tests pass, `evaluate` prints a table in which the
 * scenario's incidents are detected, `simulate --duration 10s` writes ground truth in which the
 * labelled scenario fires in the first 10 s, and the hub (the scratch workspace's, on a free port,
 * embedded broker) lists it and serves its dashboard. The scratch copy keeps /work/main's apps/ and
 * tsconfig.json untouched, so tests running beside it (the hub's discovery) never see the
 * generated apps. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UseCaseTemplate } from './schema';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');
const NX = join(ROOT, 'node_modules/nx/dist/bin/nx.js');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const BIOME = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');

/** One use case per template: what its ground truth and tables are about, and how many spec files it has. */
const CASES: { name: string; template: UseCaseTemplate; scenario: string; detector: string; specs: number }[] = [
  { name: 'energy-grid', template: 'sensor', scenario: 'spike', detector: 'high-average', specs: 5 },
  { name: 'shop-pay', template: 'transactions', scenario: 'card-testing', detector: 'velocity', specs: 6 },
  { name: 'city-fleet', template: 'geo', scenario: 'zone-intrusion', detector: 'geofence', specs: 8 },
];

/** The environment of every child: no daemon, no colour, no prompt, and no Kafka (the hub embeds one). */
function childEnv(): NodeJS.ProcessEnv {
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
  delete env.STREAMLAB_TOKEN;
  return env;
}

/** A workspace that resolves like /work/main but whose apps/ and root files are its own. */
function scratchWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-gen-'));
  const rootFiles = ['package.json', 'nx.json', 'tsconfig.json', 'tsconfig.base.json', 'vitest.shared.ts', 'biome.json', '.gitignore'];
  for (const f of rootFiles) copyFileSync(join(ROOT, f), join(dir, f));
  for (const d of ['node_modules', 'libs', 'generators']) symlinkSync(join(ROOT, d), join(dir, d), 'dir');
  // the hub finds use cases in the apps/ beside its own folder: it needs to live in this workspace
  mkdirSync(join(dir, 'apps'));
  cpSync(join(ROOT, 'apps/hub'), join(dir, 'apps/hub'), { recursive: true, filter: (src) => !/\/(node_modules|dist)$/.test(src) });
  return dir;
}

/** Runs `node <args>` in `cwd`; a non-zero exit rejects with its output, so a failure shows why. */
async function node(cwd: string, args: string[], timeoutMs = 90_000): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, args, { cwd, env: childEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    throw new Error(`node ${args.join(' ')} failed (${String(e.code)}):\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Runs `node <args>` expecting it to fail; resolves with its exit code and output. */
async function nodeFails(cwd: string, args: string[]): Promise<{ code: unknown; output: string }> {
  try {
    const { stdout } = await run(process.execPath, args, { cwd, env: childEnv(), timeout: 60_000 });
    throw new Error(`node ${args.join(' ')} succeeded:\n${stdout}`);
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: e.code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The cells of the Markdown table row that starts with `| first |`. */
function tableRow(markdown: string, first: string): string[] | undefined {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${first} |`));
  return line
    ?.split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

// after the generation (beforeAll) the checks are independent: they run side by side
describe.concurrent('use-case generator, for real', () => {
  let ws: string;
  beforeAll(async () => {
    ws = scratchWorkspace();
    for (const c of CASES) {
      const title = c.template === 'sensor' ? ['--title', "Bob's grid"] : [];
      const out = await node(ws, [NX, 'g', '@streamlab/generators:use-case', c.name, '--template', c.template, ...title, '--no-interactive']);
      expect(out).toContain(`apps/${c.name} is ready`);
      expect(out).toContain(`npx nx run ${c.name}:evaluate`);
    }
  }, 120_000);
  afterAll(() => {
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('writes nothing with --dry-run, and says what to fix in a bad template or name', async () => {
    const dry = await node(ws, [NX, 'g', '@streamlab/generators:use-case', 'not-written', '--template', 'geo', '--dry-run', '--no-interactive']);
    expect(dry).toContain('apps/not-written/src/dashboard/main.ts');
    expect(existsSync(join(ws, 'apps/not-written'))).toBe(false);
    expect(readFileSync(join(ws, 'tsconfig.json'), 'utf8')).not.toContain('not-written');
    const bad = await nodeFails(ws, [NX, 'g', '@streamlab/generators:use-case', 'weather-app', '--template', 'weather', '--no-interactive']);
    expect(bad.output).toContain("Property 'template' does not match the schema. 'weather' should be one of sensor,transactions,geo.");
    expect(existsSync(join(ws, 'apps/weather-app'))).toBe(false);
    const badName = await nodeFails(ws, [NX, 'g', '@streamlab/generators:use-case', 'Weather_App', '--no-interactive']);
    expect(badName.output).toContain('use-case name "Weather_App" is not kebab-case: use lowercase letters, digits and dashes, e.g. "energy-grid"');
  }, 120_000);

  it('every generated project passes Biome as written, typechecks, is in the references and the Nx graph with its targets', async () => {
    const refs = JSON.parse(readFileSync(join(ws, 'tsconfig.json'), 'utf8')).references as { path: string }[];
    expect(refs).toEqual(expect.arrayContaining(CASES.map((c) => ({ path: `apps/${c.name}` }))));
    // one program over the three apps (dashboards and their DOM types included): a type error fails it
    writeFileSync(
      join(ws, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, lib: ['ES2023', 'DOM', 'DOM.Iterable'] },
        include: CASES.map((c) => `apps/${c.name}/src/**/*.ts`),
      }),
    );
    await node(ws, [TSC, '-p', 'tsconfig.generated.json'], 300_000);
    // lint and format as the workspace's CI checks them (a finding exits non-zero)
    await node(ws, [BIOME, 'check', ...CASES.map((c) => `apps/${c.name}`)]);
    await node(ws, [NX, 'graph', '--file', 'graph.json']);
    const { nodes } = JSON.parse(readFileSync(join(ws, 'graph.json'), 'utf8')).graph as {
      nodes: Record<string, { data: { tags: string[]; targets: Record<string, unknown> } }>;
    };
    for (const c of CASES) {
      expect(nodes[c.name]?.data.tags, c.name).toEqual(expect.arrayContaining([`scope:${c.name}`, 'type:app']));
      expect(Object.keys(nodes[c.name]?.data.targets ?? {}), c.name).toEqual(expect.arrayContaining(['test', 'typecheck', 'simulate', 'serve', 'evaluate']));
    }
  }, 360_000);

  it("every generated project's own tests pass", async () => {
    const report = join(ws, 'vitest-report.json');
    const projects = CASES.flatMap((c) => ['--project', c.name]);
    writeFileSync(join(ws, 'vitest.config.ts'), `export default { test: { projects: ${JSON.stringify(CASES.map((c) => `apps/${c.name}`))} } };\n`);
    await node(ws, [VITEST, 'run', '--root', ws, ...projects, '--reporter=json', `--outputFile=${report}`], 300_000);
    const tests = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numTotalTests: number; testResults: { name: string }[] };
    expect(tests.numPassedTests).toBe(tests.numTotalTests);
    for (const c of CASES) {
      const files = tests.testResults.map((r) => r.name).filter((n) => n.includes(`/apps/${c.name}/`));
      // every spec file it has (its domain, rule, simulator, pipelines and evaluation) ran
      expect(files.length, c.name).toBe(c.specs);
      expect(files.some((f) => f.endsWith('src/evaluation/evaluation.spec.ts'))).toBe(true);
    }
  }, 360_000);

  /** `npm run <script>` of a generated app, as its package.json runs it (Nx runs the same: the graph test checks the targets). */
  const script = (c: (typeof CASES)[number], name: 'evaluate' | 'simulate', args: string[]) =>
    node(join(ws, 'apps', c.name), ['--conditions=development', '--import', 'tsx', `src/cli/${name}.ts`, ...args]);

  it.each(CASES)(
    '$name ($template): evaluate prints a table in which the $scenario incidents are detected',
    async (c) => {
      const out = await script(c, 'evaluate', ['--minutes', '3', '--no-progress']);
      expect(out).toContain('| scenario | incidents | detected | recall | median delay |');
      const scenario = tableRow(out, c.scenario);
      expect(scenario, out).toBeDefined();
      const [, incidents, detected, recall] = scenario!;
      expect(Number(incidents)).toBeGreaterThanOrEqual(3);
      expect(Number(detected)).toBeGreaterThan(0);
      expect(Number.parseFloat(recall!)).toBeGreaterThan(0);
      expect(tableRow(out, c.detector), out).toBeDefined();
    },
    90_000,
  );

  it.each(CASES)(
    '$name ($template): simulate --duration 10s writes ground truth in which $scenario fires in the first 10 s',
    async (c) => {
      const out = join(ws, `${c.name}.ndjson`);
      await script(c, 'simulate', ['--duration', '10s', '--asap', '--rate', '100', '--no-progress', '--out', out]);
      const records = readFileSync(out, 'utf8').trim().split('\n');
      expect(records.length).toBeGreaterThan(900);
      const start = Date.parse('2026-01-05T00:00:00Z'); // the simulator's default start
      const labels = readFileSync(out.replace(/\.ndjson$/, '.labels.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; scenario?: string; startMs?: number; eventTimeMs?: number });
      const incident = labels.find((l) => l.kind === 'incident' && l.scenario === c.scenario);
      expect(incident?.startMs).toBeLessThan(start + 10_000);
      const labelled = labels.filter((l) => l.kind === 'record' && l.scenario === c.scenario);
      expect(labelled.length).toBeGreaterThan(0);
      expect(Math.min(...labelled.map((l) => l.eventTimeMs!))).toBeLessThan(start + 10_000);
    },
    90_000,
  );

  it('the hub of the workspace lists every generated use case and serves its dashboard, then shuts down cleanly', async () => {
    writeFileSync(join(ws, 'hub.ts'), "import { runHubCli } from './apps/hub/src/cli.ts';\n\nawait runHubCli(process.argv);\n");
    const hub: ChildProcess = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', join(ws, 'hub.ts')], {
      cwd: ws,
      env: { ...childEnv(), PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    hub.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    hub.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => hub.on('exit', (code) => done(code)));
    try {
      await expect
        .poll(() => /running at (http:\/\/\S+?)\/ /.exec(stdout)?.[1] ?? (hub.exitCode === null ? undefined : `exited: ${stderr}`), {
          timeout: 120_000,
          interval: 200,
        })
        .toMatch(/^http:/);
      const url = /running at (http:\/\/\S+?)\/ /.exec(stdout)![1]!;
      const listed = (await (await fetch(`${url}/api/use-cases`)).json()) as { name: string }[];
      expect(listed.map((u) => u.name).sort()).toEqual(CASES.map((c) => c.name).sort());
      for (const c of CASES) {
        const page = await fetch(`${url}/${c.name}/`);
        expect(page.status, c.name).toBe(200);
        expect(await page.text()).toContain('<script');
      }
    } finally {
      hub.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(stderr).not.toMatch(/"level":(50|60)/); // no error or fatal log line
  }, 180_000);
});
