/**
 * The workshop's proof, in CI: every step folder has its five files, every solution passes its
 * checks, and every starter, as shipped, loads and fails them (a starter that passed would teach
 * nothing; one that did not load would fail for the wrong reason). One vitest child run over all
 * steps per implementation, with `WORKSHOP_IMPL` set, read through vitest's JSON report.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImplName } from './checks.js';
import { readFailure } from './checks-runner/run-checks.js';

const app = fileURLToPath(new URL('..', import.meta.url));
const root = join(app, '..', '..');
const stepsDir = join(app, 'steps');
const steps = readdirSync(stepsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .sort();
const FILES = ['README.md', 'exercise.ts', 'solution.ts', 'check.spec.ts', 'step.ts'];

interface StepResult {
  passed: number;
  failed: number;
  /** The file failed before any check ran (it did not load). */
  loadError: string | undefined;
  /** Failing checks whose failure gave no hint of its own (the runner shows each failure's hint). */
  unhinted: string[];
}

interface JsonReport {
  testResults: { name: string; status: string; message?: string; assertionResults: { title: string; status: string; failureMessages?: string[] | null }[] }[];
}

const out = mkdtempSync(join(tmpdir(), 'workshop-proof-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs every step's checks against `impl` in one vitest child process; results per step folder. */
async function runChecks(impl: ImplName): Promise<Map<string, StepResult>> {
  const report = join(out, `${impl}.json`);
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [vitest, 'run', '--config', join(app, 'vitest.config.ts'), '--reporter=json', `--outputFile=${report}`, 'steps/'];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: app, env: { ...process.env, WORKSHOP_IMPL: impl }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (!existsSync(report)) throw new Error(`vitest (WORKSHOP_IMPL=${impl}) wrote no report (exit ${code})`);
  const json = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  const results = new Map<string, StepResult>();
  for (const file of json.testResults) {
    const step = steps.find((s) => file.name.includes(`/steps/${s}/`));
    if (!step) continue;
    const a = file.assertionResults;
    results.set(step, {
      passed: a.filter((r) => r.status === 'passed').length,
      failed: a.filter((r) => r.status === 'failed').length,
      loadError: a.length === 0 && file.status === 'failed' ? (file.message ?? 'failed to load') : undefined,
      unhinted: a.filter((r) => r.status === 'failed' && readFailure((r.failureMessages ?? []).join('\n')).hint === undefined).map((r) => r.title),
    });
  }
  return results;
}

describe('the workshop proof', () => {
  let exercise: Map<string, StepResult>;
  let solution: Map<string, StepResult>;
  beforeAll(async () => {
    [exercise, solution] = await Promise.all([runChecks('exercise'), runChecks('solution')]);
  }, 180_000);

  it('has the six steps, each with README.md, exercise.ts, solution.ts, check.spec.ts and step.ts', () => {
    expect(steps).toEqual([
      '00-example-1',
      '01-kafka-connectors',
      '02-windows-and-output-modes',
      '03-watermarks-and-late-data',
      '04-caching',
      '05-fault-tolerance',
    ]);
    const missing = steps.flatMap((s) => FILES.filter((f) => !existsSync(join(stepsDir, s, f))).map((f) => `${s}/${f}`));
    expect(missing).toEqual([]);
  });

  it('every README has the course code beside StreamLab code, what you should see, and numbered hints', () => {
    const problems: string[] = [];
    for (const s of steps) {
      const md = readFileSync(join(stepsDir, s, 'README.md'), 'utf8');
      if (!/```(scala|python)/.test(md)) problems.push(`${s}: no Spark (Scala or Python) code block`);
      if (!md.includes('```ts')) problems.push(`${s}: no StreamLab TypeScript code block`);
      if (!md.includes('## What you should see')) problems.push(`${s}: no "What you should see" section`);
      const hints = md.split('## Hints')[1];
      if (!hints || !/^1\. /m.test(hints)) problems.push(`${s}: no numbered "## Hints" list`);
    }
    expect(problems).toEqual([]);
  });

  it.each(steps)('%s: the solution passes every check', (step) => {
    const r = solution.get(step);
    expect(r, `no results for ${step}`).toBeDefined();
    expect(r!.loadError).toBeUndefined();
    expect(r!.failed).toBe(0);
    expect(r!.passed).toBeGreaterThan(0);
  });

  it.each(steps)('%s: the starter loads and fails its checks as shipped', (step) => {
    const r = exercise.get(step);
    expect(r, `no results for ${step}`).toBeDefined();
    expect(r!.loadError, 'the starter must load (compile and import) and fail on its checks, not before them').toBeUndefined();
    expect(r!.failed).toBeGreaterThan(0);
    expect(r!.unhinted, "every failing check carries its own hint (assertNoProblems' or checkFailed's hint)").toEqual([]);
  });
});
