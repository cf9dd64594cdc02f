/** `evaluate` as a user runs it: a bad flag value is named with what was given, before anything runs. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('./evaluate.ts', import.meta.url));

function evaluate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=development', '--import', 'tsx', script, ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

it.each([
  [['--seed', 'x'], 'evaluate: --seed must be an integer, got "x"'],
  [['--minutes', 'abc'], 'evaluate: --minutes must be a positive number, got "abc"'],
  [['--cards', '5'], 'evaluate: --cards must be an integer >= 100, got "5"'],
])(
  'evaluate %j: %s',
  async (args, message) => {
    const r = await evaluate(args);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  },
  60_000,
);
