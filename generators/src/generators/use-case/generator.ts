import { type Tree, generateFiles, logger, names, updateJson } from '@nx/devkit';
import * as path from 'node:path';
import type { UseCaseGeneratorSchema } from './schema';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Names the workspace already uses for something else than a use case. */
const RESERVED = new Set(['hub', 'core', 'kafka', 'datagen', 'live', 'generators', 'scripts', 'demo']);
const MAX_TEXT = { title: 60, description: 300 } as const;

/** Options after validation, with everything the templates need. */
export interface NormalizedUseCase {
  name: string;
  title: string;
  description: string;
  className: string;
  propertyName: string;
  constantName: string;
  projectRoot: string;
  packageName: string;
}

/** A one-line text option: trimmed, bounded, and safe inside a doc comment. */
function text(option: 'title' | 'description', value: string): string {
  const v = value.trim();
  if (v.length === 0 || v.length > MAX_TEXT[option] || /[\r\n]/.test(v) || v.includes('*/')) {
    throw new Error(`use-case ${option} ${JSON.stringify(value)} is not valid: give one line of 1 to ${MAX_TEXT[option]} characters, without "*/"`);
  }
  return v;
}

/**
 * Validates the options and derives names; throws an error that says what to fix.
 *
 * @example
 * normalizeOptions(tree, { name: 'energy-grid' }).className; // 'EnergyGrid'
 */
export function normalizeOptions(tree: Tree, options: UseCaseGeneratorSchema): NormalizedUseCase {
  const name = (options.name ?? '').trim();
  if (!KEBAB.test(name)) {
    throw new Error(`use-case name "${name}" is not kebab-case: use lowercase letters, digits and dashes, e.g. "energy-grid"`);
  }
  if (RESERVED.has(name)) {
    throw new Error(`use-case name "${name}" is taken by the workspace: choose another name, e.g. "${name}-monitoring"`);
  }
  const projectRoot = `apps/${name}`;
  if (tree.exists(projectRoot)) {
    throw new Error(`${projectRoot} already exists: choose another name or delete the folder first`);
  }
  const n = names(name);
  const title =
    options.title === undefined
      ? name
          .split('-')
          .map((w) => w[0]!.toUpperCase() + w.slice(1))
          .join(' ')
      : text('title', options.title);
  const description =
    options.description === undefined
      ? `${title}: readings per source in 10-second windows, with an alert when a source's average runs high.`
      : text('description', options.description);
  return {
    name,
    title,
    description,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    projectRoot,
    packageName: `@streamlab/${name}`,
  };
}

/**
 * A TypeScript single-quoted string literal of `s` (templates write titles with `<%- q(title) %>`).
 *
 * @example
 * tsString("Bob's grid"); // "'Bob\\'s grid'"
 */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `nx g @streamlab/generators:use-case <name>`: creates apps/<name> with the shape every
 * StreamLab use case has (domain, simulator, pipelines, live use case, dashboard, CLIs, tests),
 * registers it in the TypeScript project references, and prints the next steps. The new app
 * imports only packages the workspace already links, so it runs without `npm install`; a later
 * `npm install` records it in package-lock.json.
 *
 * @example
 * await useCaseGenerator(tree, { name: 'energy-grid', title: 'Power grid' });
 */
export default async function useCaseGenerator(tree: Tree, options: UseCaseGeneratorSchema): Promise<() => void> {
  const o = normalizeOptions(tree, options);
  generateFiles(tree, path.join(__dirname, 'files'), o.projectRoot, { ...o, q: tsString, tmpl: '' });
  if (tree.exists('tsconfig.json')) {
    updateJson(tree, 'tsconfig.json', (json: { references?: { path: string }[] }) => {
      const refs = json.references ?? [];
      if (!refs.some((r) => r.path === o.projectRoot)) refs.push({ path: o.projectRoot });
      json.references = refs;
      return json;
    });
  }
  return () => {
    const steps: [string, string][] = [
      [`npx nx test ${o.name}`, 'its tests'],
      [`npx nx run ${o.name}:simulate -- --duration 10s --asap`, 'the simulator'],
      [`npx nx serve ${o.name}`, 'its dashboard alone'],
      ['npm start', 'the hub, with it on the landing page'],
    ];
    const width = Math.max(...steps.map(([cmd]) => cmd.length)) + 2;
    logger.info(
      [
        `${o.projectRoot} is ready:`,
        ...steps.map(([cmd, what]) => `  ${cmd.padEnd(width)}# ${what}`),
        'Nothing to install to run it (it imports only packages the workspace already links). Run `npm install` once before committing:',
        `it records the new workspace in package-lock.json (\`npm ci\` needs that) and links ${o.packageName} for packages that import it.`,
      ].join('\n'),
    );
  };
}
