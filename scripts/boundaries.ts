/**
 * Module boundaries of the workspace, checked from the source (a test runs this on every `npm test`).
 *
 * Every project (a workspace package) carries Nx tags in its package.json (`nx.tags`): one
 * `scope:*` and one `type:*`. The rules below say which imports each tag may not make.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Project {
  name: string;
  root: string; // relative to the workspace, with forward slashes
  tags: string[];
}

export interface Rule {
  /** The rule applies to projects carrying this tag. */
  sourceTag: string;
  /** External packages (or package prefixes ending in `/`) these projects must not import. */
  bannedPackages?: string[];
  /** Tags of workspace projects these projects must not import. */
  bannedTags?: string[];
  /**
   * The project is pure outside `impureFiles`: its other files may not import a Node built-in
   * (`node:*`, or a bare name such as `fs`), any of `ioPackages`, or (by relative path) an impure file.
   */
  pure?: {
    /** I/O libraries banned in the pure part (on top of `bannedPackages`, which apply everywhere). */
    ioPackages: string[];
    /** Globs, relative to the project root, of the files that may use Node and I/O: adapters, tests, benches. */
    impureFiles: string[];
    /** Says which files may, for the violation message. */
    impureWhy: string;
    /** Node-only globals the pure part may not use bare (read them from `globalThis` behind a check). */
    nodeGlobals?: string[];
  };
  /** The project's import graph (run-time imports; `import type` is erased) has no cycle. */
  acyclic?: boolean;
  why: string;
}

/**
 * Where `@streamlab/core` may use Node: its Node adapters (`src/node/`, exported as
 * `@streamlab/core/node` and loaded by the package's Node entry), tests, benchmarks and the
 * helpers only tests and benchmarks import.
 */
export const CORE_IMPURE_FILES = [
  'src/node/**',
  '**/*.spec.ts',
  '**/*.bench.ts',
  '**/*.test-d.ts',
  'src/bench/**',
  'src/operators/state/support/restart-harness.ts',
  'src/operators/state/support/bench-timing.ts',
  'src/operators/pattern/pattern-test-kit.ts',
  'src/spark/conformance/fixtures.ts',
  'vitest.config.ts',
];

export const RULES: Rule[] = [
  {
    sourceTag: 'type:core',
    bannedPackages: ['kafkajs', 'socket.io', 'socket.io-client', 'express', '@faker-js/faker'],
    bannedTags: ['type:io', 'type:live', 'type:datagen', 'type:app', 'type:hub', 'type:workshop'],
    pure: {
      ioPackages: ['pino', 'pino-pretty', 'ws', 'undici', 'node-fetch', 'playwright-core'],
      impureFiles: CORE_IMPURE_FILES,
      impureWhy: 'only src/node/** (@streamlab/core/node), tests, benchmarks and their helpers may',
      nodeGlobals: ['process', 'Buffer', '__dirname', '__filename'],
    },
    acyclic: true,
    why: 'the core is pure: I/O lives in adapters behind its ports',
  },
  {
    sourceTag: 'type:app',
    bannedTags: ['type:app'],
    why: 'use cases are independent: share code through a lib instead',
  },
  {
    sourceTag: 'scope:shared',
    bannedTags: ['type:app', 'type:hub', 'type:workshop'],
    why: 'libs never import apps',
  },
];

export interface Violation {
  project: string;
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out-tsc', '.cache', 'coverage', 'test-artifacts']);
// `… from 'x'` (import/export), a side-effect `import 'x'` at the start of a line, `import('x')`, `require('x')`.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^[ \t]*import\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/gm;

/** Source text with comments blanked out (newlines kept, so line numbers stay right). */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' ')).replace(/(^|[\s;{}()])\/\/[^\n]*/g, (_, before: string) => before);
}

/** Workspace projects, from the root package.json's `workspaces` globs (`dir/*` or `dir`). */
export function listProjects(workspaceRoot: string): Project[] {
  const pkg = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const dirs: string[] = [];
  for (const pattern of pkg.workspaces ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = join(workspaceRoot, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent).sort()) dirs.push(join(parent, entry));
    } else {
      dirs.push(join(workspaceRoot, pattern));
    }
  }
  return dirs
    .filter((d) => existsSync(join(d, 'package.json')))
    .map((d) => {
      const p = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name: string; nx?: { tags?: string[] } };
      return { name: p.name, root: relative(workspaceRoot, d).split(sep).join('/'), tags: p.nx?.tags ?? [] };
    });
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (SOURCE_FILE.test(entry)) yield path;
  }
}

/** `**` (any path), `*` (any name part) glob to a regex over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether `specifier` names a Node built-in module (`node:fs`, `fs`, `fs/promises`, ...). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier) || builtinModules.includes(specifier.split('/')[0]!);
}

/** The package name a bare specifier refers to: `@a/b/c` -> `@a/b`, `x/y` -> `x`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Checks every import in every project against the rules; also that each project is tagged. */
export function checkBoundaries(workspaceRoot: string, rules: Rule[] = RULES): Violation[] {
  const projects = listProjects(workspaceRoot);
  const byName = new Map(projects.map((p) => [p.name, p]));
  const owner = (absPath: string): Project | undefined => {
    const rel = relative(workspaceRoot, absPath).split(sep).join('/');
    return projects.find((p) => rel === p.root || rel.startsWith(`${p.root}/`));
  };
  const violations: Violation[] = [];
  for (const project of projects) {
    for (const kind of ['scope:', 'type:']) {
      if (!project.tags.some((t) => t.startsWith(kind))) {
        violations.push({
          project: project.name,
          file: `${project.root}/package.json`,
          line: 1,
          specifier: '',
          rule: `every project needs a ${kind}* tag in nx.tags`,
        });
      }
    }
    const applicable = rules.filter((r) => project.tags.includes(r.sourceTag));
    if (applicable.length === 0) continue;
    const projectDir = join(workspaceRoot, project.root);
    const pureRules = applicable.filter((r) => r.pure !== undefined);
    const impureGlobs = pureRules.flatMap((r) => r.pure!.impureFiles.map(globToRegExp));
    const isImpure = (absPath: string) => {
      const rel = relative(projectDir, absPath).split(sep).join('/');
      return [rel, rel.replace(/\.js$/, '.ts')].some((p) => impureGlobs.some((re) => re.test(p)));
    };
    for (const file of sourceFiles(projectDir)) {
      const text = stripComments(readFileSync(file, 'utf8'));
      const pure = pureRules.length > 0 && !isImpure(file);
      const fileName = relative(workspaceRoot, file).split(sep).join('/');
      const report = (index: number, specifier: string, rule: string) => {
        violations.push({ project: project.name, file: fileName, line: text.slice(0, index).split('\n').length, specifier, rule });
      };
      for (const rule of pure ? pureRules : []) {
        const names = rule.pure!.nodeGlobals ?? [];
        if (names.length === 0) continue;
        // A bare use (`process.env`, `Buffer.from`), not a property (`globalThis.process`, `{ Buffer?: T }`) or a string ('Buffer').
        const use = new RegExp(`(?<![.\\w$'"\`])\\b(${names.join('|')})\\b(?!\\s*\\??:)`, 'g');
        for (const m of text.matchAll(use)) {
          report(
            m.index,
            m[1]!,
            `${rule.sourceTag} must not use the Node global ${m[1]} in its pure part (${rule.pure!.impureWhy}; elsewhere read it from globalThis behind a check): ${rule.why}`,
          );
        }
      }
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[2]!;
        let target: Project | undefined;
        let external: string | undefined;
        if (specifier.startsWith('.')) {
          const targetPath = resolve(dirname(file), specifier);
          target = owner(targetPath);
          if (target === project) {
            for (const rule of pure && isImpure(targetPath) ? pureRules : []) {
              report(
                match.index,
                specifier,
                `${rule.sourceTag} must not import a file that may use Node or I/O from its pure part (${rule.pure!.impureWhy}): ${rule.why}`,
              );
            }
            continue;
          }
        } else if (isNodeBuiltin(specifier)) {
          for (const rule of pure ? pureRules : []) {
            report(
              match.index,
              specifier,
              `${rule.sourceTag} must not import the Node built-in ${specifier} in its pure part (${rule.pure!.impureWhy}): ${rule.why}`,
            );
          }
          continue;
        } else {
          const name = packageOf(specifier);
          target = byName.get(name);
          if (!target) external = name;
          if (target === project) continue;
          for (const rule of pure && external !== undefined ? pureRules : []) {
            if (rule.pure!.ioPackages.includes(external!)) {
              report(
                match.index,
                specifier,
                `${rule.sourceTag} must not import the I/O library ${external} in its pure part (${rule.pure!.impureWhy}): ${rule.why}`,
              );
            }
          }
        }
        for (const rule of applicable) {
          const banned =
            (external !== undefined && (rule.bannedPackages ?? []).includes(external)) ||
            (target !== undefined && (rule.bannedTags ?? []).some((t) => target!.tags.includes(t)));
          if (banned) {
            report(match.index, specifier, `${rule.sourceTag} must not import ${external ?? `${target!.name} (${target!.tags.join(', ')})`}: ${rule.why}`);
          }
        }
      }
    }
    if (applicable.some((r) => r.acyclic)) {
      const rule = applicable.find((r) => r.acyclic)!;
      for (const cycle of findImportCycles(importGraph(projectDir))) {
        const [from, to] = [cycle[0]!, cycle[1]!];
        const edge = from.imports.find((i) => i.target === to.file)!;
        violations.push({
          project: project.name,
          file: relative(workspaceRoot, from.file).split(sep).join('/'),
          line: edge.line,
          specifier: edge.specifier,
          rule: `${rule.sourceTag} must have no import cycle: ${cycle.map((n) => relative(projectDir, n.file).split(sep).join('/')).join(' -> ')}`,
        });
      }
    }
  }
  return violations;
}

/** A run-time import from one source file to another in the same directory tree. */
export interface ImportEdge {
  target: string; // absolute path of the imported source file
  specifier: string;
  line: number;
}

export interface ImportNode {
  file: string; // absolute path
  imports: ImportEdge[];
}

// `import … from './x'`, `export … from './x'` (group 2: `type`, group 3: the clause), `import './x'`.
const STATIC_IMPORT = /^[ \t]*(?:import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*(['"])([^'"\n]+)\3|^[ \t]*import\s*(['"])([^'"\n]+)\5/gm;

/** Whether an import or export clause only names types (`type { A }`, `{ type A, type B }`): erased at run time. */
function typeOnly(typeKeyword: string | undefined, clause: string | undefined): boolean {
  if (typeKeyword) return true;
  const braces = /^\{([^}]*)\}$/.exec((clause ?? '').trim());
  if (!braces) return false;
  const names = braces[1]!
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** The source file a relative specifier refers to (`./x.js` -> `x.ts`, `./dir` -> `dir/index.ts`), if it exists. */
function resolveSource(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.[cm]?js$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * The run-time import graph of the source files under `dir`: static relative imports and
 * re-exports, without type-only ones (erased by TypeScript) and dynamic `import()` (lazy).
 */
export function importGraph(dir: string): Map<string, ImportNode> {
  const graph = new Map<string, ImportNode>();
  for (const file of sourceFiles(dir)) {
    const text = stripComments(readFileSync(file, 'utf8'));
    const imports: ImportEdge[] = [];
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const specifier = m[4] ?? m[6]!;
      if (!specifier.startsWith('.') || (m[4] !== undefined && typeOnly(m[1], m[2]))) continue;
      const target = resolveSource(file, specifier);
      if (target) imports.push({ target, specifier, line: text.slice(0, m.index).split('\n').length });
    }
    graph.set(file, { file, imports });
  }
  return graph;
}

/**
 * One cycle per strongly connected component of the graph (Tarjan), as the nodes of a closed
 * path starting and ending at the same file: `[a, b, a]`.
 */
export function findImportCycles(graph: Map<string, ImportNode>): ImportNode[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const { target: w } of graph.get(v)!.imports) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = graph.get(v)!.imports.some((i) => i.target === v);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return components.map((component) => {
    // A closed path inside the component: from its first file, breadth first back to it.
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    const parent = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const v = queue.shift()!;
      for (const { target: w } of graph.get(v)!.imports) {
        if (!members.has(w)) continue;
        if (w === start) {
          last = v;
          break;
        }
        if (!parent.has(w)) {
          parent.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = last!; v !== start; v = parent.get(v)!) path.splice(1, 0, v);
    path.push(start);
    return path.map((f) => graph.get(f)!);
  });
}

/** One line per violation, `file:line imports 'x': rule`. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line} imports '${v.specifier}': ${v.rule}`).join('\n');
}
