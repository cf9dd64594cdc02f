import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = join(pkg, '..', '..');
const bin = join(pkg, 'src', 'bin', 'simulate.ts');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function simulate(...args: string[]) {
  const run = spawnSync(process.execPath, [tsx, '--conditions=development', bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, KAFKA_BROKERS: '' },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

// Each case spawns tsx (a second or more on a busy machine).
describe('the simulate bin', { timeout: 60_000 }, () => {
  it('runs the model a module exports, records to stdout and the summary to stderr', () => {
    const dir = join(pkg, '.cache');
    mkdirSync(dir, { recursive: true });
    const model = join(dir, 'bin-model.ts');
    writeFileSync(
      model,
      `import { defineModel } from '@streamlab/datagen';
export const model = defineModel({
  name: 'ticks', entities: 3, timeField: 'ts',
  createEntity: ({ index }) => ({ id: 't' + index, n: 0 }),
  key: (t) => t.id,
  step: (t, { now }) => ({ id: t.id, ts: now, n: ++t.n }),
});
`,
    );
    const r = simulate(model, '--rate', '50', '--duration', '2s', '--asap', '--no-progress');
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; ts: number });
    expect(lines.length).toBeGreaterThan(60);
    expect(new Set(lines.map((l) => l.id))).toEqual(new Set(['t0', 't1', 't2']));
    expect(r.err).toMatch(/^ticks: [\d,]+ records in/m);
  });

  it('exits with 2 and says what to fix for a module without a model or a bad flag', () => {
    const dir = join(pkg, '.cache');
    mkdirSync(dir, { recursive: true });
    const none = join(dir, 'bin-none.ts');
    writeFileSync(none, 'export const nothing = 1;\n');
    const r = simulate(none);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/exports no model \(export the result of defineModel\(\.\.\.\) as default or as `model`\)/);
    const bad = simulate('--speed', 'fast');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--speed must be a positive factor/);
  });
});
