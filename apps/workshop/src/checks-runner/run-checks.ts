/**
 * Runs a step's checks (`check.spec.ts`) with vitest in a child process, against the learner's
 * `exercise.ts` (`WORKSHOP_IMPL=exercise`) or the solution, and reads vitest's JSON report: which
 * checks passed, and each failing check's message without its stack.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitHint } from '../check-hint.js';
import { EXIT, WorkshopError } from '../errors.js';

export interface CheckFailure {
  /** The check's full name: its describe blocks and title, joined by ` › `. */
  name: string;
  /** What went wrong: the assertion's message, without the stack trace and without its hint. */
  message: string;
  /** The check's own hint for this failure (its message's `hint:` line), when it gave one. */
  hint?: string;
}

export interface CheckResult {
  passed: boolean;
  /** Checks that ran. */
  total: number;
  failures: CheckFailure[];
}

/** Runs the checks in a step folder. Injected into the commands (specs use a fake). */
export type CheckRunner = (stepDir: string, impl: 'exercise' | 'solution') => Promise<CheckResult>;

interface JsonReport {
  numTotalTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName?: string; title: string; ancestorTitles?: string[]; status: string; failureMessages?: string[] | null }[];
  }[];
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** A failure message without colours, stack frames or vitest's diff noise beyond a few lines. */
export function cleanMessage(raw: string): string {
  return readFailure(raw).message;
}

/**
 * A failure message without colours, stack frames or vitest's diff noise beyond a few lines, and
 * apart from it the check's own hint (taken out before the message is cut, so a long list of
 * problems never loses it).
 */
export function readFailure(raw: string): { message: string; hint?: string } {
  const lines = raw.replace(ANSI, '').split('\n');
  const end = lines.findIndex((l) => /^\s+at\s/.test(l) || /^\s*❯\s/.test(l));
  const kept = (end < 0 ? lines : lines.slice(0, end)).map((l) => l.trimEnd());
  while (kept.length > 0 && kept.at(-1) === '') kept.pop();
  const { message, hint } = splitHint(kept.join('\n'));
  const text = message
    .split('\n')
    .slice(0, 20)
    .join('\n')
    .replace(/^(AssertionError|Error): /, '');
  return hint === undefined ? { message: text } : { message: text, hint };
}

/**
 * Turns vitest's JSON report into a {@link CheckResult}. A check file that does not load
 * (a syntax or type error in exercise.ts) is one failure with vitest's message.
 */
export function readReport(report: JsonReport): CheckResult {
  const failures: CheckFailure[] = [];
  let total = 0;
  for (const file of report.testResults) {
    total += file.assertionResults.length;
    for (const a of file.assertionResults) {
      if (a.status !== 'failed') continue;
      const name = a.ancestorTitles ? [...a.ancestorTitles, a.title].join(' › ') : (a.fullName ?? a.title);
      failures.push({ name, ...readFailure((a.failureMessages ?? []).join('\n')) });
    }
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      failures.push({ name: 'loading the checks', message: cleanMessage(file.message || 'the check file failed to load') });
    }
  }
  if (total === 0 && failures.length === 0) failures.push({ name: 'finding the checks', message: 'check.spec.ts has no checks' });
  return { passed: failures.length === 0, total, failures };
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const CONFIG = fileURLToPath(new URL('./checks.vitest.config.ts', import.meta.url));

/**
 * The real {@link CheckRunner}: `vitest run` on the step's `check.spec.ts` in a child process.
 *
 * @example
 * const result = await vitestCheckRunner()('apps/workshop/steps/03-windows', 'exercise');
 * result.failures[0]?.message; // 'expected 2 rows for the window 12:00–12:10, got 0'
 */
export function vitestCheckRunner(opts: { timeoutMs?: number } = {}): CheckRunner {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return async (stepDir, impl) => {
    const out = mkdtempSync(join(tmpdir(), 'workshop-checks-'));
    const report = join(out, 'report.json');
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', CONFIG, '--reporter=json', `--outputFile=${report}`],
          {
            cwd: repoRoot,
            env: { ...process.env, WORKSHOP_IMPL: impl, WORKSHOP_STEP_DIR: stepDir, FORCE_COLOR: '0', NO_COLOR: '1' },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      });
      if (!existsSync(report)) {
        throw new WorkshopError('WORKSHOP_CHECKS_CRASHED', `the checks of ${stepDir} did not run (vitest exited with ${code})`, {
          value: stderr.replace(ANSI, '').trim().split('\n').slice(-5).join('\n'),
          hint:
            code === null
              ? `they ran over ${timeoutMs / 1000} s: look for an endless loop in exercise.ts`
              : 'run `npm install` if vitest is missing, then try again',
          exitCode: EXIT.failed,
        });
      }
      return readReport(JSON.parse(readFileSync(report, 'utf8')) as JsonReport);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  };
}
