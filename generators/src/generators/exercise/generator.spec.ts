import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { logger, type Tree } from '@nx/devkit';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import exerciseGenerator, { nextStepNumber, normalizeOptions, tsString } from './generator';

const FILES = ['README.md', 'check.spec.ts', 'exercise.ts', 'solution.ts', 'step.ts'];

function filesUnder(tree: Tree, dir: string): string[] {
  return tree
    .children(dir)
    .filter((c) => tree.isFile(`${dir}/${c}`))
    .sort();
}

describe('exercise generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    for (const step of ['00-example-1', '01-kafka-connectors', '02-windows-and-output-modes']) tree.write(`apps/workshop/steps/${step}/README.md`, '# x\n');
    tree.write('apps/workshop/steps/notes.md', 'not a step folder');
  });

  it('creates apps/workshop/steps/<next NN>-<name>/ with the five files of a step, every template tag filled', async () => {
    await exerciseGenerator(tree, { name: 'late-data' });
    expect(filesUnder(tree, 'apps/workshop/steps/03-late-data')).toEqual(FILES);
    for (const f of FILES) expect(tree.read(`apps/workshop/steps/03-late-data/${f}`, 'utf-8'), f).not.toMatch(/<%|%>|__tmpl__/);
  });

  it('numbers the first step 00 and pads to two digits', async () => {
    const empty = createTreeWithEmptyWorkspace();
    expect(nextStepNumber(empty)).toBe(0);
    await exerciseGenerator(empty, { name: 'first' });
    expect(empty.exists('apps/workshop/steps/00-first/step.ts')).toBe(true);
    tree.write('apps/workshop/steps/09-ninth/README.md', '# x\n');
    await exerciseGenerator(tree, { name: 'tenth' });
    expect(tree.exists('apps/workshop/steps/10-tenth/step.ts')).toBe(true);
  });

  it('writes the title, chapter, minutes and kind into step.ts, and the query name the runner shows', async () => {
    await exerciseGenerator(tree, { name: 'late-data', title: "Late data's fate", chapter: '5. Watermarks', kind: 'bonus', minutes: 25 });
    const step = tree.read('apps/workshop/steps/03-late-data/step.ts', 'utf-8') ?? '';
    expect(step).toContain("export default defineStep<typeof import('./solution.js')>({");
    expect(step).toContain("  title: 'Late data\\'s fate',\n  chapter: '5. Watermarks',\n  minutes: 25,\n  kind: 'bonus',\n");
    // the workshop's shared live-run wiring: the query shown under its name, on the run's topics
    expect(step).toContain("live.show(impl.buildQuery(live.sightings()), 'late-data', impl.outputMode, '2 seconds')");
    expect(step).toContain('await startLiveRun(ctx, ');
  });

  it('defaults: an exercise of 20 minutes titled from the name', async () => {
    const o = normalizeOptions(tree, { name: 'late-data' });
    expect(o).toMatchObject({ number: 3, folder: '03-late-data', title: 'Late data', kind: 'exercise', minutes: 20 });
  });

  it('gives the README the sections of a step, its hints as a numbered list, and the step number in its commands', async () => {
    await exerciseGenerator(tree, { name: 'late-data', title: 'Late data', chapter: '5. Watermarks' });
    const readme = tree.read('apps/workshop/steps/03-late-data/README.md', 'utf-8') ?? '';
    expect(readme.split('\n')[0]).toBe('# Late data (chapter 5. Watermarks)');
    const sections = readme.match(/^## .*$/gm);
    expect(sections).toEqual(["## The course's Spark code, and the same in StreamLab", '## Steps', '## What you should see', '## Hints']);
    expect(readme).toContain('**Goal.**');
    expect(readme).toMatch(/## Hints\n\n1\. .+\n2\. .+\n3\. .+\n$/);
    expect(readme).toContain('npm run workshop -- run 3');
  });

  it('makes a starter that differs from the solution only where the TODO is, and checks through implementation()', async () => {
    await exerciseGenerator(tree, { name: 'late-data' });
    const read = (f: string) => tree.read(`apps/workshop/steps/03-late-data/${f}`, 'utf-8') ?? '';
    expect(read('exercise.ts')).toContain('// TODO:');
    expect(read('solution.ts')).not.toContain('TODO');
    for (const f of ['exercise.ts', 'solution.ts']) {
      expect(read(f), f).toContain('export function buildQuery(sightings: Stream<Sighting>)');
      expect(read(f), f).toContain("export const outputMode = 'update' as const;");
    }
    expect(read('solution.ts')).toContain("groupBy(window('ts', '10 minutes'), 'zone')");
    expect(read('exercise.ts')).not.toContain('window(');
    expect(read('check.spec.ts')).toContain("const impl = await implementation<typeof import('./solution.js')>(import.meta.url);");
  });

  it.each([['Late_Data'], ['late data'], ['1-late'], [''], ['late-']])('refuses the name %j with a clear error', async (name) => {
    await expect(exerciseGenerator(tree, { name })).rejects.toThrow(
      `exercise name "${name.trim()}" is not kebab-case: use lowercase letters, digits and dashes`,
    );
    expect(tree.children('apps/workshop/steps').length).toBe(4);
  });

  it('refuses a name a step has already, a bad kind, bad minutes and a multi-line title', async () => {
    await expect(exerciseGenerator(tree, { name: 'kafka-connectors' })).rejects.toThrow(
      'a step named "kafka-connectors" exists already (apps/workshop/steps/01-kafka-connectors): choose another name',
    );
    await expect(exerciseGenerator(tree, { name: 'x', kind: 'example' as 'bonus' })).rejects.toThrow(
      'exercise kind "example" is not valid: use "exercise" or "bonus"',
    );
    await expect(exerciseGenerator(tree, { name: 'x', minutes: 0 })).rejects.toThrow(/exercise minutes 0 is not valid/);
    await expect(exerciseGenerator(tree, { name: 'x', title: 'a\nb' })).rejects.toThrow(/exercise title "a\\nb" is not valid/);
  });

  it('writes nothing outside the new step folder (so --dry-run lists all it would write) and prints the next steps', async () => {
    const before = new Set(tree.listChanges().map((c) => c.path));
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const after = await exerciseGenerator(tree, { name: 'late-data' });
    const created = tree.listChanges().filter((c) => !before.has(c.path));
    expect(created.map((c) => c.path).sort()).toEqual(FILES.map((f) => `apps/workshop/steps/03-late-data/${f}`));
    after();
    expect(info.mock.calls[0]?.[0]).toContain('npm run workshop -- verify 3 --solution');
    info.mockRestore();
  });

  it('quotes strings for TypeScript', () => {
    expect(tsString("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
});
