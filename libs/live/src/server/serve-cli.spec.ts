/** `runServeCli` as a use case's `serve` command runs it: bad settings end with one line saying what to fix. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LIVE = fileURLToPath(new URL('../..', import.meta.url));
// with `node -e`, the arguments start at process.argv[1]
const SCRIPT = `import { runServeCli } from '@streamlab/live';
const tiny = { name: 'tiny', title: 'Tiny', description: '', dashboard: { entry: '/nowhere.ts' }, start: () => ({ queries: [] }) };
await runServeCli(tiny, { argv: process.argv.slice(1) });`;

function serve(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', '--input-type=module', '-e', SCRIPT, '--', ...args],
      { cwd: LIVE, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe('runServeCli', () => {
  it('names the use case in one line for a bad PORT (exit 1) or LOG_LEVEL (exit 2)', async () => {
    const port = await serve({ PORT: 'http' });
    expect(port.code).toBe(1);
    expect(port.stdout).toBe('');
    expect(port.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^serve tiny: .*PORT/)]);
    const level = await serve({ LOG_LEVEL: 'loud' });
    expect(level.code).toBe(2);
    expect(level.stderr.trim()).toBe('serve tiny: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  }, 60_000);

  it('refuses an unknown flag and describes itself in --help', async () => {
    const flag = await serve({}, ['--bogus']);
    expect(flag.code).toBe(1);
    expect(flag.stderr.trim()).toBe("error: unknown option '--bogus'\n(--help lists the flags and the environment)");
    const help = await serve({}, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Runs the tiny dashboard alone');
    expect(help.stdout).toContain('KAFKA_BROKERS');
    expect(help.stdout).toContain('STREAMLAB_ALLOWED_HOSTS');
  }, 60_000);
});
