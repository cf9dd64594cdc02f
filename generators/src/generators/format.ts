import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Tree } from '@nx/devkit';

/**
 * Formats the given TypeScript files of the Tree with the workspace's Biome, as `npx biome format`
 * would, so what a generator writes passes `npm run lint` whatever the lengths of the names it
 * was given. Without Biome in the workspace (an Nx workspace that is not StreamLab's), or when
 * Biome cannot parse a file, the file is left as written.
 *
 * @example
 * formatWithBiome(tree, ['apps/grid/src/pipelines/peaks.ts']);
 */
export function formatWithBiome(tree: Tree, files: readonly string[]): void {
  const bin = path.join(tree.root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  if (!existsSync(bin)) return;
  for (const file of files) {
    const text = tree.read(file, 'utf-8');
    if (text === null) continue;
    try {
      const formatted = execFileSync(process.execPath, [bin, 'format', `--stdin-file-path=${file}`], {
        cwd: tree.root,
        input: text,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: 30_000,
      });
      if (formatted.trim() !== '' && formatted !== text) tree.write(file, formatted);
    } catch {
      // not parseable or Biome failed: keep the text; the app's typecheck and lint will say why
    }
  }
}
