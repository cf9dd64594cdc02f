import { type Tree, generateFiles, logger, names, updateJson } from '@nx/devkit';
import * as path from 'node:path';
import type { UseCaseGeneratorSchema, UseCaseTemplate } from './schema';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Names the workspace already uses for something else than a use case. */
const RESERVED = new Set(['hub', 'workshop', 'core', 'kafka', 'datagen', 'live', 'generators', 'scripts', 'demo']);
const MAX_TEXT = { title: 60, description: 300 } as const;

/** The starting domains, each with the description a use case gets when none is given. */
export const TEMPLATES: Readonly<Record<UseCaseTemplate, (title: string) => string>> = {
  sensor: (title) => `${title}: readings per source in 10-second windows, with an alert when a source's average runs high.`,
  transactions: (title) => `${title}: payments per account in 30-second windows, with an alert when an account pays too often (velocity).`,
  geo: (title) => `${title}: vehicles moving on a map, with an alert when one enters the restricted zone.`,
};
const isTemplate = (t: string): t is UseCaseTemplate => Object.hasOwn(TEMPLATES, t);

/** Options after validation, with everything the templates need. */
export interface NormalizedUseCase {
  name: string;
  template: UseCaseTemplate;
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
  const template = options.template ?? 'sensor';
  if (!isTemplate(template)) {
    throw new Error(`use-case template ${JSON.stringify(template)} is not one of ${Object.keys(TEMPLATES).join(', ')}: e.g. --template geo`);
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
  const description = options.description === undefined ? TEMPLATES[template](title) : text('description', options.description);
  return {
    name,
    template,
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
 * A TypeScript string literal of `s`, quoted as Biome formats it (templates write titles with
 * `<%- q(title) %>`): single quotes, unless the text holds more single than double quotes.
 *
 * @example
 * tsString('Power grid'); // 'Power grid', in single quotes
 * tsString("Bob's grid"); // "Bob's grid", in double quotes
 */
export function tsString(s: string): string {
  const escaped = s.replace(/\\/g, '\\\\');
  const singles = s.split("'").length - 1;
  const doubles = s.split('"').length - 1;
  return singles > doubles ? `"${escaped.replace(/"/g, '\\"')}"` : `'${escaped.replace(/'/g, "\\'")}'`;
}

/**
 * `nx g @streamlab/generators:use-case <name> [--template sensor|transactions|geo]`: creates
 * apps/<name> with the shape every StreamLab use case has (domain, simulator with a labelled
 * scenario, pipelines, live use case, dashboard, evaluation, `simulate`/`serve`/`evaluate` CLIs,
 * tests), registers it in the TypeScript project references, and prints the next steps. The files
 * are `files/shared/` (what every template has) plus `files/<template>/` (the starting domain).
 * Everything goes through the tree, so `--dry-run` writes nothing. The new app imports only
 * packages the workspace already links, so it runs without `npm install`; a later `npm install`
 * records it in package-lock.json.
 *
 * @example
 * await useCaseGenerator(tree, { name: 'city-fleet', template: 'geo', title: 'City fleet' });
 */
export default async function useCaseGenerator(tree: Tree, options: UseCaseGeneratorSchema): Promise<() => void> {
  const o = normalizeOptions(tree, options);
  const substitutions = { ...o, q: tsString, tmpl: '' };
  generateFiles(tree, path.join(__dirname, 'files', 'shared'), o.projectRoot, substitutions);
  generateFiles(tree, path.join(__dirname, 'files', o.template), o.projectRoot, substitutions);
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
      [`npx nx run ${o.name}:simulate -- --duration 10s --asap`, 'the simulator (its labelled scenario starts in the first 10 s)'],
      [`npx nx run ${o.name}:evaluate`, "the detectors scored against the simulator's ground truth"],
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
