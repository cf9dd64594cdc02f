import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const biome = join(workspaceRoot, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');

describe('lint and format (biome.json)', () => {
  it('`biome check .` finds nothing (fix with `npx biome check --write .`)', () => {
    const run = spawnSync(process.execPath, [biome, 'check', '.', '--colors=off', '--max-diagnostics=50'], { cwd: workspaceRoot, encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.status === 0 ? '' : `${run.stdout}${run.stderr}`).toBe('');
  });
});
