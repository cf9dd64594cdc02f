/** A {@link Workshop} over fixture steps, with a recording terminal and scripted check results. */
import { pino } from 'pino';
import type { CheckResult, CheckRunner } from '../checks-runner/run-checks.js';
import { loadConfig } from '../config.js';
import { recordingIO, type RecordingIO } from '../io.js';
import type { Workshop } from '../workshop.js';
import type { FixtureSteps } from './fixture-steps.js';

export interface TestWorkshop extends Workshop {
  io: RecordingIO;
  /** The step folders the checks ran on, in order. */
  checked: string[];
}

export const PASS: CheckResult = { passed: true, total: 2, failures: [] };
export const fail = (name: string, message: string, hint?: string): CheckResult => ({
  passed: false,
  total: 2,
  failures: [hint === undefined ? { name, message } : { name, message, hint }],
});

/**
 * @example
 * const w = testWorkshop(fx, { checks: [fail('double(2) is 4', 'expected 2 to be 4'), PASS] });
 */
export function testWorkshop(
  fx: FixtureSteps,
  opts: { answers?: string[]; checks?: CheckResult[] | CheckRunner; env?: Record<string, string | undefined> } = {},
): TestWorkshop {
  const checked: string[] = [];
  const scripted = Array.isArray(opts.checks) ? [...opts.checks] : null;
  const runner: CheckRunner =
    typeof opts.checks === 'function'
      ? opts.checks
      : async (dir) => {
          const next = scripted?.shift();
          if (!next) throw new Error(`no scripted check result left for ${dir}`);
          return next;
        };
  const env = opts.env ?? {};
  return {
    stepsDir: fx.stepsDir,
    progressFile: fx.progressFile,
    io: recordingIO(opts.answers),
    logger: pino({ level: 'silent' }),
    checks: async (dir, impl) => {
      checked.push(dir);
      return runner(dir, impl);
    },
    config: loadConfig(env),
    env,
    now: () => new Date('2026-01-01T12:00:00Z'),
    checked,
  };
}
