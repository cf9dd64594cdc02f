import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { logger, readJson, type Tree } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import useCaseGenerator, { normalizeOptions, tsString } from './generator';

/** The shape of apps/fraud-detection, scaled down to one example of each part. */
const SHAPE = [
  'README.md',
  'package.json',
  'tsconfig.json',
  'vitest.config.ts',
  'src/index.ts',
  'src/use-case.ts',
  'src/queries.ts',
  'src/domain/reading.ts',
  'src/domain/reading.spec.ts',
  'src/domain/rules/high-average.ts',
  'src/domain/rules/high-average.spec.ts',
  'src/sim/model.ts',
  'src/sim/model.spec.ts',
  'src/sim/scenarios.ts',
  'src/sim/source.ts',
  'src/pipelines/source-averages.ts',
  'src/pipelines/source-averages.spec.ts',
  'src/live/start.ts',
  'src/dashboard/main.ts',
  'src/cli/simulate.ts',
  'src/cli/serve.ts',
];

describe('use-case generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: 'libs/core' }] }));
  });

  it('creates apps/<name> with exactly the use-case shape', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid' });
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const c of tree.children(dir)) {
        const p = `${dir}/${c}`;
        if (tree.isFile(p)) files.push(p.slice('apps/energy-grid/'.length));
        else walk(p);
      }
    };
    walk('apps/energy-grid');
    expect(files.sort()).toEqual([...SHAPE].sort());
    for (const f of files) expect(tree.read(`apps/energy-grid/${f}`, 'utf-8'), f).not.toMatch(/<%|%>/);
  });

  it('names the package, the Nx project, its tags, scripts and the hub entry', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid' });
    const pkg = readJson(tree, 'apps/energy-grid/package.json');
    expect(pkg.name).toBe('@streamlab/energy-grid');
    expect(pkg.type).toBe('module');
    expect(pkg.nx.name).toBe('energy-grid');
    expect(pkg.nx.tags).toEqual(['scope:energy-grid', 'type:app']);
    expect(Object.keys(pkg.scripts).sort()).toEqual(['serve', 'simulate', 'test', 'typecheck']);
    expect(pkg.scripts.simulate).toBe('exec node --conditions=development --import tsx src/cli/simulate.ts');
    // The tsx CLI relays Ctrl-C to its child a second time (and SIGKILLs it) when the child's event loop is busy for 30 ms: no graceful shutdown.
    expect(pkg.scripts.serve).toBe('exec node --conditions=development --import tsx src/cli/serve.ts');
    expect(pkg.streamlab).toEqual({ useCase: './src/use-case.ts' });
    expect(pkg.exports['.'].development).toBe('./src/index.ts');
    const tsconfig = readJson(tree, 'apps/energy-grid/tsconfig.json');
    expect(tsconfig.references.map((r: { path: string }) => r.path)).toEqual(['../../libs/core', '../../libs/datagen', '../../libs/kafka', '../../libs/live']);
  });

  it('derives identifiers, the topic and the dashboard namespace from the name', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid' });
    const read = (f: string) => tree.read(`apps/energy-grid/src/${f}`, 'utf-8') ?? '';
    expect(read('use-case.ts')).toContain("name: 'energy-grid',");
    expect(read('use-case.ts')).toContain("title: 'Energy Grid',");
    expect(read('use-case.ts')).toContain('export default energyGridUseCase;');
    expect(read('use-case.ts')).toContain('skipLast: true');
    expect(read('live/start.ts')).toContain('export async function startEnergyGridLive(');
    expect(read('live/start.ts')).toContain('await useCaseKit(ctx, { topics: topics(o) });');
    expect(read('sim/model.ts')).toContain("export const READINGS_TOPIC = 'energy-grid.readings';");
    expect(read('dashboard/main.ts')).toContain("new LiveClient('energy-grid')");
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toContain('# Energy Grid');
  });

  it('writes a title or description with quotes as valid TypeScript and JSON', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid', title: "Bob's grid", description: 'Watts "live" \\ per feeder' });
    const uc = tree.read('apps/energy-grid/src/use-case.ts', 'utf-8') ?? '';
    expect(uc).toContain("title: 'Bob\\'s grid',");
    expect(uc).toContain(`description: 'Watts "live" \\\\ per feeder',`);
    expect(readJson(tree, 'apps/energy-grid/package.json').description).toBe('Watts "live" \\ per feeder');
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toContain("# Bob's grid");
  });

  it('adds the project to the TypeScript references once', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid', title: 'Power grid' });
    expect(readJson(tree, 'tsconfig.json').references).toEqual([{ path: 'libs/core' }, { path: 'apps/energy-grid' }]);
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toContain('# Power grid');
  });

  it('returns a callback that prints the next steps, npm install included', async () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    try {
      const next = await useCaseGenerator(tree, { name: 'energy-grid' });
      expect(info).not.toHaveBeenCalled();
      next();
      const printed = String(info.mock.calls[0]?.[0]);
      expect(printed).toContain('apps/energy-grid is ready:');
      expect(printed).toMatch(/npx nx test energy-grid +# its tests/);
      expect(printed).toContain('npx nx run energy-grid:simulate -- --duration 10s --asap');
      expect(printed).toContain('Run `npm install` once before committing');
    } finally {
      info.mockRestore();
    }
  });

  it.each(['EnergyGrid', 'energy_grid', '1grid', '', 'grid-', 'a--b'])('rejects the name %j with a message that says what to fix', async (name) => {
    await expect(useCaseGenerator(tree, { name })).rejects.toThrow(/is not kebab-case: use lowercase letters, digits and dashes/);
    expect(tree.exists('apps')).toBe(false);
  });

  it.each(['hub', 'core', 'demo'])('rejects %j, a name the workspace already uses', async (name) => {
    await expect(useCaseGenerator(tree, { name })).rejects.toThrow(/taken by the workspace/);
  });

  it.each([
    ['title', ''],
    ['title', 'two\nlines'],
    ['title', 'x'.repeat(61)],
    ['description', 'ends a comment */ early'],
  ] as const)('rejects the %s %j', async (option, value) => {
    await expect(useCaseGenerator(tree, { name: 'energy-grid', [option]: value })).rejects.toThrow(new RegExp(`use-case ${option} .* is not valid`));
  });

  it('refuses to overwrite an existing use case', async () => {
    tree.write('apps/energy-grid/README.md', 'mine');
    await expect(useCaseGenerator(tree, { name: 'energy-grid' })).rejects.toThrow(/apps\/energy-grid already exists/);
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toBe('mine');
  });

  it('normalizes names', () => {
    expect(normalizeOptions(tree, { name: ' fleet-2 ' })).toMatchObject({
      name: 'fleet-2',
      title: 'Fleet 2',
      className: 'Fleet2',
      propertyName: 'fleet2',
      constantName: 'FLEET2',
      projectRoot: 'apps/fleet-2',
      packageName: '@streamlab/fleet-2',
    });
  });

  it('quotes TypeScript strings', () => {
    expect(tsString("it's")).toBe("'it\\'s'");
    expect(tsString('a\\b')).toBe("'a\\\\b'");
  });
});
