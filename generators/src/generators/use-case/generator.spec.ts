import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readJson, type Tree } from '@nx/devkit';
import { beforeEach, describe, expect, it } from 'vitest';
import useCaseGenerator from './generator';

describe('use-case generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: 'libs/core' }] }));
  });

  it('creates apps/<name> with the use-case shape and tags', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid' });
    for (const f of ['package.json', 'tsconfig.json', 'vitest.config.ts', 'README.md', 'src/index.ts', 'src/index.spec.ts']) {
      expect(tree.exists(`apps/energy-grid/${f}`), f).toBe(true);
    }
    const pkg = readJson(tree, 'apps/energy-grid/package.json');
    expect(pkg.name).toBe('@streamlab/energy-grid');
    expect(pkg.nx.name).toBe('energy-grid');
    expect(pkg.nx.tags).toEqual(['scope:energy-grid', 'type:app']);
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toContain('# Energy Grid');
    expect(tree.read('apps/energy-grid/src/index.ts', 'utf-8')).toContain("useCaseName = 'energy-grid'");
  });

  it('adds the project to the TypeScript references once', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid', title: 'Power grid' });
    expect(readJson(tree, 'tsconfig.json').references).toEqual([{ path: 'libs/core' }, { path: 'apps/energy-grid' }]);
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toContain('# Power grid');
  });

  it.each(['EnergyGrid', 'energy_grid', '1grid', ''])('rejects %j with a message that says what to fix', async (name) => {
    await expect(useCaseGenerator(tree, { name })).rejects.toThrow(/kebab-case/);
  });

  it('refuses to overwrite an existing use case', async () => {
    tree.write('apps/energy-grid/README.md', 'mine');
    await expect(useCaseGenerator(tree, { name: 'energy-grid' })).rejects.toThrow(/already exists/);
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toBe('mine');
  });
});
