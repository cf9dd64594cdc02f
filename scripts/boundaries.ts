/**
 * Module boundaries of the workspace, checked from the source (a test runs this on every `npm test`).
 *
 * Every project (a workspace package) carries Nx tags in its package.json (`nx.tags`): one
 * `scope:*` and one `type:*`. The rules below say which imports each tag may not make.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
  why: string;
}

export const RULES: Rule[] = [
  {
    sourceTag: 'type:core',
    bannedPackages: ['kafkajs', 'socket.io', 'socket.io-client', 'express', '@faker-js/faker'],
    bannedTags: ['type:io', 'type:live', 'type:datagen', 'type:app', 'type:hub', 'type:workshop'],
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
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(^|[\s;{}()])\/\/[^\n]*/g, (_, before: string) => before);
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
        violations.push({ project: project.name, file: `${project.root}/package.json`, line: 1, specifier: '', rule: `every project needs a ${kind}* tag in nx.tags` });
      }
    }
    const applicable = rules.filter((r) => project.tags.includes(r.sourceTag));
    if (applicable.length === 0) continue;
    for (const file of sourceFiles(join(workspaceRoot, project.root))) {
      const text = stripComments(readFileSync(file, 'utf8'));
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[2]!;
        let target: Project | undefined;
        let external: string | undefined;
        if (specifier.startsWith('.')) {
          target = owner(resolve(dirname(file), specifier));
          if (target === project) continue;
        } else if (specifier.startsWith('node:')) {
          continue;
        } else {
          const name = packageOf(specifier);
          target = byName.get(name);
          if (!target) external = name;
          if (target === project) continue;
        }
        for (const rule of applicable) {
          const banned =
            (external !== undefined && (rule.bannedPackages ?? []).includes(external)) ||
            (target !== undefined && (rule.bannedTags ?? []).some((t) => target!.tags.includes(t)));
          if (banned) {
            const line = text.slice(0, match.index).split('\n').length;
            violations.push({
              project: project.name,
              file: relative(workspaceRoot, file).split(sep).join('/'),
              line,
              specifier,
              rule: `${rule.sourceTag} must not import ${external ?? `${target!.name} (${target!.tags.join(', ')})`}: ${rule.why}`,
            });
          }
        }
      }
    }
  }
  return violations;
}

/** One line per violation, `file:line imports 'x': rule`. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line} imports '${v.specifier}': ${v.rule}`).join('\n');
}
