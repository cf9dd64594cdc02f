import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { logger, readJson, type Tree } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import useCaseGenerator, { normalizeOptions, TEMPLATES, tsString } from './generator';
import type { UseCaseTemplate } from './schema';

/** What every template emits: the shape of apps/fraud-detection, one example of each part. */
const COMMON = [
  'README.md',
  'package.json',
  'tsconfig.json',
  'vitest.config.ts',
  'src/index.ts',
  'src/use-case.ts',
  'src/queries.ts',
  'src/sim/model.ts',
  'src/sim/model.spec.ts',
  'src/sim/scenarios.ts',
  'src/live/start.ts',
  'src/dashboard/main.ts',
  'src/evaluation/evaluation.ts',
  'src/evaluation/evaluation.spec.ts',
  'src/cli/simulate.ts',
  'src/cli/serve.ts',
  'src/cli/evaluate.ts',
];
/** What each template's domain adds. */
const DOMAIN: Record<UseCaseTemplate, string[]> = {
  sensor: [
    'src/domain/reading.ts',
    'src/domain/reading.spec.ts',
    'src/domain/rules/high-average.ts',
    'src/domain/rules/high-average.spec.ts',
    'src/sim/source.ts',
    'src/pipelines/source-averages.ts',
    'src/pipelines/source-averages.spec.ts',
  ],
  transactions: [
    'src/domain/payment.ts',
    'src/domain/payment.spec.ts',
    'src/domain/rules/velocity.ts',
    'src/domain/rules/velocity.spec.ts',
    'src/sim/account.ts',
    'src/pipelines/account-velocity.ts',
    'src/pipelines/account-velocity.spec.ts',
    'src/pipelines/payment-volume.ts',
    'src/pipelines/payment-volume.spec.ts',
  ],
  geo: [
    'src/domain/position.ts',
    'src/domain/position.spec.ts',
    'src/domain/zone.ts',
    'src/domain/zone.spec.ts',
    'src/domain/rules/geofence.ts',
    'src/domain/rules/geofence.spec.ts',
    'src/sim/vehicle.ts',
    'src/pipelines/zone-alerts.ts',
    'src/pipelines/zone-alerts.spec.ts',
    'src/pipelines/latest-positions.ts',
    'src/pipelines/latest-positions.spec.ts',
    'src/pipelines/report-rate.ts',
    'src/pipelines/report-rate.spec.ts',
  ],
};
const TEMPLATE_NAMES = Object.keys(TEMPLATES) as UseCaseTemplate[];

/** Every file under `dir`, relative to it. */
function filesUnder(tree: Tree, dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const c of tree.children(d)) {
      const p = `${d}/${c}`;
      if (tree.isFile(p)) files.push(p.slice(dir.length + 1));
      else walk(p);
    }
  };
  walk(dir);
  return files.sort();
}

describe('use-case generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: 'libs/core' }] }));
  });

  it.each(TEMPLATE_NAMES)('--template %s creates apps/<name> with exactly the use-case shape, every template tag filled', async (template) => {
    await useCaseGenerator(tree, { name: 'energy-grid', template });
    const files = filesUnder(tree, 'apps/energy-grid');
    expect(files).toEqual([...COMMON, ...DOMAIN[template]].sort());
    for (const f of files) expect(tree.read(`apps/energy-grid/${f}`, 'utf-8'), f).not.toMatch(/<%|%>|__tmpl__/);
    // every pipeline has its spec beside it
    for (const f of files.filter((f) => /^src\/pipelines\/[^/]+(?<!\.spec)\.ts$/.test(f))) expect(files, f).toContain(f.replace(/\.ts$/, '.spec.ts'));
  });

  it.each(TEMPLATE_NAMES)('--template %s keeps the constructs the query generator edits, and exports only the use case', async (template) => {
    await useCaseGenerator(tree, { name: 'energy-grid', template });
    const read = (f: string) => tree.read(`apps/energy-grid/src/${f}`, 'utf-8') ?? '';
    expect(read('queries.ts')).toMatch(/export const queries = defineQueries\(\{\n[\s\S]*deadLetters: query<DeadLetterRow>\('dead-letters'\),\n\}\);/);
    expect(read('live/start.ts')).toMatch(/\n {2}kit\.publish\(q\.\w+, /);
    expect(read('live/start.ts')).toContain('kit.deadLetters(q.deadLetters, o.topic);');
    expect(read('dashboard/main.ts')).toMatch(/\nshell\.panel\(/);
    expect(read('dashboard/main.ts')).toContain("{ label: 'Malformed, dead-lettered', query: queries.deadLetters, value: deadLetterCount }");
    expect(read('dashboard/main.ts')).toContain("shell.panel('Dead letters', deadLettersTable(live, queries.deadLetters), {");
    expect(read('use-case.ts')).toContain('topics: topics(),');
    expect(read('live/start.ts')).toMatch(/deadLetters: true/);
    expect(read('index.ts').replace(/\/\*\*[\s\S]*?\*\/\n/, '')).toBe("export { energyGridUseCase } from './use-case.js';\n");
  });

  it('changes nothing outside the project but the root tsconfig.json (so --dry-run lists all it would write)', async () => {
    const before = new Map(tree.listChanges().map((c) => [c.path, c.content?.toString()]));
    await useCaseGenerator(tree, { name: 'energy-grid', template: 'geo' });
    const changed = tree.listChanges().filter((c) => before.get(c.path) !== c.content?.toString());
    const outside = changed.filter((c) => !c.path.startsWith('apps/energy-grid/'));
    expect(outside.map((c) => c.path)).toEqual(['tsconfig.json']);
    expect(changed.filter((c) => c.type === 'CREATE' && c.path.startsWith('apps/energy-grid/')).length).toBe(COMMON.length + DOMAIN.geo.length);
  });

  it('names the package, the Nx project, its tags, scripts and the hub entry', async () => {
    await useCaseGenerator(tree, { name: 'energy-grid' });
    const pkg = readJson(tree, 'apps/energy-grid/package.json');
    expect(pkg.name).toBe('@streamlab/energy-grid');
    expect(pkg.type).toBe('module');
    expect(pkg.nx.name).toBe('energy-grid');
    expect(pkg.nx.tags).toEqual(['scope:energy-grid', 'type:app']);
    expect(Object.keys(pkg.scripts).sort()).toEqual(['evaluate', 'serve', 'simulate', 'test', 'typecheck']);
    expect(pkg.scripts.evaluate).toBe('exec node --conditions=development --import tsx src/cli/evaluate.ts');
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
    expect(uc).toContain(`title: "Bob's grid",`);
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
      expect(printed).toMatch(/npx nx run energy-grid:evaluate +# the detectors scored against the simulator's ground truth/);
      expect(printed).toContain('Run `npm install` once before committing');
    } finally {
      info.mockRestore();
    }
  });

  it.each(['EnergyGrid', 'energy_grid', '1grid', '', 'grid-', 'a--b'])('rejects the name %j with a message that says what to fix', async (name) => {
    await expect(useCaseGenerator(tree, { name })).rejects.toThrow(/is not kebab-case: use lowercase letters, digits and dashes/);
    expect(tree.exists('apps')).toBe(false);
  });

  it.each(['hub', 'workshop', 'core', 'demo'])('rejects %j, a name the workspace already uses', async (name) => {
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

  it.each(['weather', 'Geo', ''])('rejects the template %j, naming the ones there are', async (template) => {
    await expect(useCaseGenerator(tree, { name: 'energy-grid', template: template as UseCaseTemplate })).rejects.toThrow(
      `use-case template ${JSON.stringify(template)} is not one of sensor, transactions, geo: e.g. --template geo`,
    );
    expect(tree.exists('apps')).toBe(false);
  });

  it.each([
    ['transactions', 'Energy Grid: payments per account in 30-second windows'],
    ['geo', 'Energy Grid: vehicles moving on a map'],
  ] as const)('describes a %s use case by its domain unless told otherwise', async (template, description) => {
    await useCaseGenerator(tree, { name: 'energy-grid', template });
    expect(readJson(tree, 'apps/energy-grid/package.json').description).toContain(description);
  });

  it('refuses to overwrite an existing use case', async () => {
    tree.write('apps/energy-grid/README.md', 'mine');
    await expect(useCaseGenerator(tree, { name: 'energy-grid' })).rejects.toThrow(/apps\/energy-grid already exists/);
    expect(tree.read('apps/energy-grid/README.md', 'utf-8')).toBe('mine');
  });

  it('normalizes names', () => {
    expect(normalizeOptions(tree, { name: ' fleet-2 ' })).toMatchObject({
      name: 'fleet-2',
      template: 'sensor',
      title: 'Fleet 2',
      className: 'Fleet2',
      propertyName: 'fleet2',
      constantName: 'FLEET2',
      projectRoot: 'apps/fleet-2',
      packageName: '@streamlab/fleet-2',
    });
  });

  it('quotes TypeScript strings as Biome formats them', () => {
    expect(tsString('a grid')).toBe("'a grid'");
    expect(tsString("it's")).toBe(`"it's"`);
    expect(tsString(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(tsString(`"it's" 'x'`)).toBe(`"\\"it's\\" 'x'"`);
    expect(tsString('a\\b')).toBe("'a\\\\b'");
  });
});
