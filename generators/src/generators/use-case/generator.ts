import { type Tree, generateFiles, names, updateJson } from '@nx/devkit';
import * as path from 'node:path';
import type { UseCaseGeneratorSchema } from './schema';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Options after validation, with everything the templates need. */
export interface NormalizedUseCase {
  name: string;
  title: string;
  className: string;
  propertyName: string;
  projectRoot: string;
  packageName: string;
}

/** Validates the options and derives names; throws an error that says what to fix. */
export function normalizeOptions(tree: Tree, options: UseCaseGeneratorSchema): NormalizedUseCase {
  const name = (options.name ?? '').trim();
  if (!KEBAB.test(name)) {
    throw new Error(`use-case name "${name}" is not kebab-case: use lowercase letters, digits and dashes, e.g. "energy-grid"`);
  }
  const projectRoot = `apps/${name}`;
  if (tree.exists(projectRoot)) {
    throw new Error(`${projectRoot} already exists: choose another name or delete the folder first`);
  }
  const n = names(name);
  const title = options.title?.trim() || name.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  return { name, title, className: n.className, propertyName: n.propertyName, projectRoot, packageName: `@streamlab/${name}` };
}

/**
 * `nx g @streamlab/generators:use-case <name>`: creates apps/<name> with the shape every
 * StreamLab use case has, and registers it in the TypeScript project references.
 */
export default async function useCaseGenerator(tree: Tree, options: UseCaseGeneratorSchema): Promise<void> {
  const o = normalizeOptions(tree, options);
  generateFiles(tree, path.join(__dirname, 'files'), o.projectRoot, { ...o, tmpl: '' });
  if (tree.exists('tsconfig.json')) {
    updateJson(tree, 'tsconfig.json', (json: { references?: { path: string }[] }) => {
      const refs = json.references ?? [];
      if (!refs.some((r) => r.path === o.projectRoot)) refs.push({ path: o.projectRoot });
      json.references = refs;
      return json;
    });
  }
}
