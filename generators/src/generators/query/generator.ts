import { type Tree, generateFiles, logger, names } from '@nx/devkit';
import { formatWithBiome } from '../format';
import * as path from 'node:path';
import { importPath } from './ast';
import { detectInput, groupingKey, type InputRows } from './input';
import { addPanel, addPublish, addQueryHandle, declaredQueries, type QueryNames } from './register';
import type { QueryGeneratorSchema } from './schema';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The files a use case has, and what each must contain for the generator to register a query. */
const SHAPE: readonly { file: string; has: string; what: string }[] = [
  { file: 'src/queries.ts', has: 'defineQueries({', what: 'its queries declared with defineQueries({ ... })' },
  { file: 'src/live/start.ts', has: 'kit.publish(', what: 'its queries published with kit.publish(...)' },
  { file: 'src/dashboard/main.ts', has: 'shell.panel(', what: 'its panels added with shell.panel(...)' },
];

/** What apps/<project> lacks to be a use case the generator can add to (empty: nothing). */
function missingShape(tree: Tree, projectRoot: string): string[] {
  return SHAPE.flatMap(({ file, has, what }) => {
    const text = tree.read(`${projectRoot}/${file}`, 'utf-8');
    if (text === null) return [`${file} (${what})`];
    return text.includes(has) ? [] : [`${what} in ${file}`];
  });
}

/**
 * The folders of apps/ that are use cases the generator can add a query to, sorted.
 *
 * @example
 * useCases(tree); // ['fraud-detection']
 */
export function useCases(tree: Tree): string[] {
  return tree
    .children('apps')
    .filter((d) => !tree.isFile(`apps/${d}`) && missingShape(tree, `apps/${d}`).length === 0)
    .sort();
}

/** Options after validation, with everything the templates and edits need. */
export interface NormalizedQuery extends QueryNames {
  name: string;
  project: string;
  projectRoot: string;
  /** The panel title: `Card counts`. */
  title: string;
  input: InputRows;
  key: string;
  pipelineFile: string;
  specFile: string;
}

/**
 * Validates the options against the Tree and derives names; throws an error that says what to fix.
 *
 * @example
 * normalizeOptions(tree, { name: 'card-counts', project: 'fraud-detection' }).handle; // 'cardCounts'
 */
export function normalizeOptions(tree: Tree, options: QueryGeneratorSchema): NormalizedQuery {
  const name = (options.name ?? '').trim();
  if (!KEBAB.test(name)) throw new Error(`query name "${name}" is not kebab-case: use lowercase letters, digits and dashes, e.g. "card-counts"`);
  const project = (options.project ?? '').trim();
  const projectRoot = `apps/${project}`;
  const known = useCases(tree);
  if (!KEBAB.test(project) || !tree.exists(projectRoot)) {
    throw new Error(
      `there is no use case "${project}" in apps/: use one of ${known.length > 0 ? known.join(', ') : '(none: create one with `nx g @streamlab/generators:use-case <name>`)'}`,
    );
  }
  const missing = missingShape(tree, projectRoot);
  if (missing.length > 0) {
    throw new Error(`${projectRoot} is not a use case the generator can add to: it lacks ${missing.join('; ')}. Use one of ${known.join(', ') || '(none)'}`);
  }
  const { propertyName: handle, className } = names(name);
  const queriesFile = `${projectRoot}/src/queries.ts`;
  const taken = declaredQueries(tree.read(queriesFile, 'utf-8') ?? '', queriesFile).find((q) => q.handle === handle || q.id === name);
  if (taken) {
    throw new Error(
      `${queriesFile} already declares ${taken.id === name ? `a query "${name}"` : `the handle ${handle}`} (${taken.handle}: '${taken.id}'): choose another name`,
    );
  }
  const pipelineFile = `${projectRoot}/src/pipelines/${name}.ts`;
  const specFile = `${projectRoot}/src/pipelines/${name}.spec.ts`;
  for (const f of [pipelineFile, specFile]) {
    if (tree.exists(f)) throw new Error(`${f} already exists: choose another name, or delete it first`);
  }
  const input = detectInput(tree, projectRoot, options.input?.trim() || undefined);
  const key = groupingKey(input, options.key?.trim() || undefined);
  const title = name.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return { name, project, projectRoot, id: name, handle, rowType: `${className}Row`, title, input, key, pipelineFile, specFile };
}

/** `cardId` → `Card id`: a column label from a field name. */
function label(field: string): string {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function update(tree: Tree, file: string, edit: (text: string) => string): void {
  tree.write(file, edit(tree.read(file, 'utf-8') ?? ''));
}

/**
 * `nx g @streamlab/generators:query <name> --project <use-case>`: adds a query to a use case. It
 * writes `src/pipelines/<name>.ts` (a typed pipeline over the use case's input: a count per key per
 * minute, to change into the query wanted) and its `testStream` spec, declares its handle in
 * `src/queries.ts`, publishes it in `src/live/start.ts` from the reader of the input topic, and adds
 * a panel for it to `src/dashboard/main.ts`. It changes only the Tree, so `--dry-run` shows it all.
 *
 * @example
 * await queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection' });
 */
export default async function queryGenerator(tree: Tree, options: QueryGeneratorSchema): Promise<() => void> {
  const o = normalizeOptions(tree, options);
  const src = `${o.projectRoot}/src`;
  const { input } = o;
  generateFiles(tree, path.join(__dirname, 'files'), o.projectRoot, {
    name: o.name,
    fileName: o.name,
    handle: o.handle,
    rowType: o.rowType,
    title: o.title,
    type: input.type,
    typeImport: importPath(o.pipelineFile, input.typeFile),
    key: o.key,
    eventTime: input.eventTime,
    reader: input.reader,
    tmpl: '',
  });
  update(tree, `${src}/queries.ts`, (t) => addQueryHandle(t, o, importPath(`${src}/queries.ts`, o.pipelineFile), `${src}/queries.ts`));
  update(tree, `${src}/live/start.ts`, (t) => addPublish(t, o, input.reader, importPath(`${src}/live/start.ts`, o.pipelineFile), `${src}/live/start.ts`));
  update(tree, `${src}/dashboard/main.ts`, (t) =>
    addPanel(
      t,
      o,
      {
        title: o.title,
        description: `${input.type} rows per ${label(o.key).toLowerCase()} per minute (update mode: a minute keeps counting until the watermark passes its end).`,
        columns: [
          [o.key, label(o.key)],
          ['count', 'Count'],
        ],
      },
      `${src}/dashboard/main.ts`,
    ),
  );
  // names of any length still give code the linter accepts
  formatWithBiome(tree, [o.pipelineFile, o.specFile, `${src}/queries.ts`, `${src}/live/start.ts`, `${src}/dashboard/main.ts`]);
  return () => {
    logger.info(
      [
        `${o.project} has a new query, ${o.name}: ${input.type} rows per ${o.key} per minute (${o.pipelineFile}).`,
        `  npx vitest run ${o.specFile}   # its spec`,
        `  npx nx typecheck ${o.project}`,
        `  npx nx serve ${o.project}      # its panel, "${o.title}"`,
        'Change the pipeline to the question the panel answers, and its spec with it.',
      ].join('\n'),
    );
  };
}
