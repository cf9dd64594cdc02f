/**
 * The app-shape check: every use case in `apps/` (all apps but the hub and the workshop) has the
 * kit's shape, so a reader who knows one knows where everything is in the others. It reads each
 * app's package.json, folders and files, the root tsconfig.json's references, and imports the use
 * case itself (with the `development` condition, as vitest and `tsx --conditions=development` do)
 * to check what it declares. `scripts/app-shape.spec.ts` runs it over the real `apps/`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One way an app drifts from the shape, and how to bring it back. */
export interface ShapeViolation {
  /** The app's folder name under `apps/`. */
  app: string;
  what: string;
  fix: string;
}

/** Apps that are not use cases: the hub serves them, the workshop teaches with them. */
export const NOT_USE_CASES: readonly string[] = ['hub', 'workshop'];

export const FOLDERS = ['src/domain', 'src/sim', 'src/pipelines', 'src/dashboard', 'src/evaluation', 'src/live', 'src/cli'] as const;

export const FILES = [
  'src/use-case.ts',
  'src/queries.ts',
  'src/index.ts',
  'src/cli/simulate.ts',
  'src/cli/serve.ts',
  'src/cli/evaluate.ts',
  'src/live/start.ts',
  'src/dashboard/main.ts',
  'README.md',
  'tsconfig.json',
  'vitest.config.ts',
] as const;

const cli = (command: string) => `exec node --conditions=development --import tsx src/cli/${command}.ts`;

/** The package scripts every use case has, word for word (Nx infers its targets from them). */
export const SCRIPTS: Readonly<Record<string, string>> = {
  test: 'vitest run',
  typecheck: 'tsc -b',
  simulate: cli('simulate'),
  serve: cli('serve'),
  evaluate: cli('evaluate'),
};

/** Imports a use case module (the default: a dynamic import, under the caller's conditions). */
export type LoadModule = (file: string) => Promise<Record<string, unknown>>;

const importModule: LoadModule = (file) => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;

interface PackageJson {
  name?: unknown;
  type?: unknown;
  exports?: { '.'?: { development?: unknown } };
  scripts?: Record<string, unknown>;
  nx?: { name?: unknown; tags?: unknown };
  streamlab?: { useCase?: unknown };
}

/**
 * The folder names of the use cases in `<root>/apps`: every folder with a package.json but those
 * in `NOT_USE_CASES`, sorted.
 *
 * @example
 * useCaseApps('/work/main'); // ['fraud-detection']
 */
export function useCaseApps(root: string): string[] {
  const apps = join(root, 'apps');
  if (!existsSync(apps)) return [];
  return readdirSync(apps)
    .filter((d) => !NOT_USE_CASES.includes(d) && existsSync(join(apps, d, 'package.json')))
    .sort();
}

/**
 * Checks every use case in `<root>/apps`; an empty list means they all have the shape.
 *
 * @example
 * const violations = await checkApps('/work/main');
 * if (violations.length > 0) console.error(formatViolations(violations));
 */
export async function checkApps(root: string, load: LoadModule = importModule): Promise<ShapeViolation[]> {
  const out: ShapeViolation[] = [];
  for (const app of useCaseApps(root)) out.push(...(await checkApp(root, app, load)));
  return out;
}

/**
 * Checks one app, `<root>/apps/<app>`, against the use-case shape.
 *
 * @example
 * await checkApp('/work/main', 'fraud-detection'); // []
 */
export async function checkApp(root: string, app: string, load: LoadModule = importModule): Promise<ShapeViolation[]> {
  const dir = join(root, 'apps', app);
  const out: ShapeViolation[] = [];
  const violation = (what: string, fix: string) => out.push({ app, what, fix });

  for (const folder of FOLDERS) {
    if (!isDir(join(dir, folder))) violation(`no folder ${folder}/`, `create apps/${app}/${folder}/ (see apps/fraud-detection/${folder}/ for what goes there)`);
  }
  for (const file of FILES) {
    if (!isFile(join(dir, file))) violation(`no file ${file}`, `create apps/${app}/${file} (see apps/fraud-detection/${file})`);
  }
  const pkg = readJson<PackageJson>(join(dir, 'package.json'));
  if (pkg === undefined) {
    violation('package.json is missing or not valid JSON', `write apps/${app}/package.json (see apps/fraud-detection/package.json)`);
  } else {
    checkPackage(app, pkg, violation);
  }
  checkPipelineSpecs(dir, violation);
  checkReference(root, app, violation);
  if (pkg !== undefined) await checkUseCase(dir, app, pkg, load, violation);
  return out;
}

type Report = (what: string, fix: string) => void;

function checkPackage(app: string, pkg: PackageJson, violation: Report): void {
  const where = `in apps/${app}/package.json`;
  if (pkg.name !== `@streamlab/${app}`) violation(`package name is ${JSON.stringify(pkg.name)}`, `set "name": "@streamlab/${app}" ${where}`);
  if (pkg.type !== 'module') violation(`package type is ${JSON.stringify(pkg.type)}`, `set "type": "module" ${where}`);
  if (pkg.exports?.['.']?.development !== './src/index.ts') {
    violation(
      'the package does not export its sources under the development condition',
      `set "exports": { ".": { "development": "./src/index.ts", ... } } ${where}`,
    );
  }
  for (const [script, command] of Object.entries(SCRIPTS)) {
    const actual = pkg.scripts?.[script];
    if (actual === undefined) violation(`no ${script} script`, `add "${script}": "${command}" to "scripts" ${where}`);
    else if (actual !== command) violation(`the ${script} script is ${JSON.stringify(actual)}`, `set "${script}": "${command}" ${where}`);
  }
  if (pkg.nx?.name !== app) violation(`the Nx project name is ${JSON.stringify(pkg.nx?.name)}`, `set "nx": { "name": "${app}" } ${where}`);
  const tags = Array.isArray(pkg.nx?.tags) ? (pkg.nx.tags as unknown[]) : [];
  for (const tag of [`scope:${app}`, 'type:app']) {
    if (!tags.includes(tag)) violation(`no Nx tag ${tag}`, `add "${tag}" to "nx": { "tags" } ${where}`);
  }
  if (pkg.streamlab?.useCase !== './src/use-case.ts') {
    violation('the package does not point the hub at its use case', `set "streamlab": { "useCase": "./src/use-case.ts" } ${where}`);
  }
}

/** Each pipeline (a non-test `src/pipelines/*.ts`) has its spec beside it. */
function checkPipelineSpecs(dir: string, violation: Report): void {
  const pipelines = join(dir, 'src/pipelines');
  if (!isDir(pipelines)) return;
  const files = new Set(readdirSync(pipelines));
  for (const file of [...files].sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts') || /\.(spec|int\.spec|e2e\.spec|test-d|bench)\.ts$/.test(file)) continue;
    const spec = file.replace(/\.ts$/, '.spec.ts');
    if (!files.has(spec))
      violation(`pipeline src/pipelines/${file} has no spec`, `write src/pipelines/${spec} beside it (a testStream spec from @streamlab/core/testing)`);
  }
}

function checkReference(root: string, app: string, violation: Report): void {
  const tsconfig = readJson<{ references?: { path?: unknown }[] }>(join(root, 'tsconfig.json'));
  const path = `apps/${app}`;
  const refs = (tsconfig?.references ?? []).map((r) => (typeof r.path === 'string' ? r.path.replace(/^\.\//, '').replace(/\/$/, '') : ''));
  if (!refs.includes(path)) violation('not in the root tsconfig.json references', `add { "path": "${path}" } to "references" in tsconfig.json`);
}

/** What `defineUseCase` returns: its queries are the declared ids. */
interface DefinedUseCase {
  name?: unknown;
  queries?: unknown;
  topics?: unknown;
  tile?: unknown;
  dashboard?: { entry?: unknown };
}

async function checkUseCase(dir: string, app: string, pkg: PackageJson, load: LoadModule, violation: Report): Promise<void> {
  const file = resolve(dir, typeof pkg.streamlab?.useCase === 'string' ? pkg.streamlab.useCase : './src/use-case.ts');
  if (!isFile(file)) return; // reported as a missing file
  let mod: Record<string, unknown>;
  try {
    mod = await load(file);
  } catch (err) {
    violation(`src/use-case.ts does not load: ${err instanceof Error ? err.message : String(err)}`, `fix the error, then check with \`npx nx test ${app}\``);
    return;
  }
  const useCase = mod['default'] as DefinedUseCase | undefined;
  if (typeof useCase !== 'object' || useCase === null) {
    violation('src/use-case.ts has no default export', 'end it with `export default <name>UseCase;`, the value defineUseCase returned');
    return;
  }
  const define = 'in src/use-case.ts, in defineUseCase({ ... })';
  if (useCase.name !== app) violation(`the use case is named ${JSON.stringify(useCase.name)}, not after its folder`, `set name: '${app}' ${define}`);
  const queries = useCase.queries;
  if (!Array.isArray(queries) || queries.length === 0 || !queries.every((q) => typeof q === 'string')) {
    violation('the use case declares no queries', `pass queries (defineQueries({ ... }) from src/queries.ts) ${define}`);
  }
  const topics = Array.isArray(useCase.topics) ? (useCase.topics as { topic?: unknown; deadLetters?: unknown }[]) : [];
  if (topics.length === 0) violation('the use case declares no topics', `pass topics (the declarations its start hands useCaseKit) ${define}`);
  else if (!topics.some((t) => t.deadLetters === true)) {
    violation('no topic declares a dead-letter topic', `give its input topic deadLetters: true in the topic declarations (src/live/start.ts) ${define}`);
  }
  if (typeof useCase.tile !== 'object' || useCase.tile === null) violation('the use case has no tile', `pass tile: { sparkline: { ... } } ${define}`);
  const entry = useCase.dashboard?.entry;
  if (typeof entry !== 'string' || !isFile(entry)) {
    violation(
      `the dashboard entry ${JSON.stringify(entry)} is not a file`,
      `pass dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname } ${define}`,
    );
  }
}

/**
 * One line per violation, for a test failure or a terminal.
 *
 * @example
 * formatViolations([{ app: 'x', what: 'no folder src/sim/', fix: 'create apps/x/src/sim/' }]);
 * // 'apps/x: no folder src/sim/ (fix: create apps/x/src/sim/)'
 */
export function formatViolations(violations: readonly ShapeViolation[]): string {
  return violations.map((v) => `apps/${v.app}: ${v.what} (fix: ${v.fix})`).join('\n');
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
