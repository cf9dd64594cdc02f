/** `serve` as a user runs it: bad settings end with one line saying what to fix, not a stack trace. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./serve.ts', import.meta.url));

function serve(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', script, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe('serve fraud-detection', () => {
  it('reports a bad PORT in one line naming the variable', async () => {
    const r = await serve({ PORT: 'http' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^serve fraud-detection: .*PORT/)]);
  }, 60_000);

  it('reports a bad LOG_LEVEL and an unknown flag', async () => {
    const level = await serve({ LOG_LEVEL: 'loud' });
    expect(level.code).toBe(2);
    expect(level.stderr.trim()).toBe('serve fraud-detection: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    const flag = await serve({}, ['--bogus']);
    expect(flag.code).toBe(1);
    expect(flag.stderr.trim()).toBe("error: unknown option '--bogus'\n(--help lists the flags and the environment)");
  }, 60_000);

  it('scaling out without a real broker says to start one, and a bad --instances says what to write', async () => {
    const noKafka = await serve({}, ['--', '--instances', '3']);
    expect(noKafka.code).toBe(1);
    expect(noKafka.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^serve fraud-detection: --instances: .*embedded broker lives inside one process.*npm run kafka.*KAFKA_BROKERS/),
    ]);
    const bad = await serve({ KAFKA_BROKERS: '127.0.0.1:1' }, ['--instances', 'many']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('serve fraud-detection: --instances must be a whole number from 0 to 12 (e.g. --instances 3)');
    const instance = await serve({}, ['--instance']);
    expect(instance.code).toBe(1);
    expect(instance.stderr.trim()).toMatch(/^serve fraud-detection --instance: KAFKA_BROKERS is not set: .*npm run kafka/);
  }, 90_000);
});
