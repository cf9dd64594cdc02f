/**
 * `npx tsx scripts/kit-lines.ts [rev ...]`: the size of a use case's shape, in code lines
 * (not blank, not comment), at each git revision given (default: the working tree, `HEAD`).
 *
 * - wiring: the lines that connect the parts rather than say anything about the domain
 *   (`src/use-case.ts`, `src/queries.ts`, `src/live/**`, `src/cli/**`, `src/index.ts`);
 * - to write: every non-test line of the generated use case (the template), what a user writes
 *   to make a new use case by hand in the same shape (domain, simulator, pipelines, dashboard,
 *   evaluation and wiring).
 *
 * For fraud-detection (the reference app) and the use-case template (generators' `files/`; with
 * several templates, `files/shared` plus `files/sensor`, the default).
 */
import { execFileSync } from 'node:child_process';

const WIRING = [/^src\/use-case\.ts$/, /^src\/queries\.ts$/, /^src\/live\//, /^src\/cli\//, /^src\/index\.ts$/];
const SOURCE = /\.ts(__tmpl__)?$/;
const TEST = /\.(spec|int\.spec|e2e\.spec|test-d)\.ts(__tmpl__)?$/;

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Code lines of a TypeScript text: not blank, not a `//` line, not inside a block comment. */
export function codeLines(text: string): number {
  let n = 0;
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      if (!line.includes('*/')) inBlock = true;
      continue;
    }
    n += 1;
  }
  return n;
}

function measure(rev: string, root: string): { wiring: number; toWrite: number } | null {
  const files = git(['ls-tree', '-r', '--name-only', rev, '--', root])
    .split('\n')
    .filter((f) => f !== '');
  if (files.length === 0) return null;
  let wiring = 0;
  let toWrite = 0;
  for (const file of files) {
    const rel = file.slice(root.length + 1).replace(/__tmpl__$/, '');
    if (!SOURCE.test(file) || TEST.test(file) || !rel.startsWith('src/')) continue;
    const lines = codeLines(git(['show', `${rev}:${file}`]));
    toWrite += lines;
    if (WIRING.some((re) => re.test(rel))) wiring += lines;
  }
  return { wiring, toWrite };
}

/** The template's folders: `files/` before templates, else the shared part and the `sensor` template. */
function templateRoots(rev: string): string[] {
  const base = 'generators/src/generators/use-case/files';
  const sensor = `${base}/sensor`;
  return git(['ls-tree', '--name-only', rev, '--', `${sensor}/`]).trim() !== '' ? [`${base}/shared`, sensor] : [base];
}

function sum(parts: ({ wiring: number; toWrite: number } | null)[]): { wiring: number; toWrite: number } | null {
  const found = parts.filter((p) => p !== null);
  return found.length === 0 ? null : { wiring: found.reduce((n, p) => n + p.wiring, 0), toWrite: found.reduce((n, p) => n + p.toWrite, 0) };
}

const revs = process.argv.slice(2);
const rows: string[][] = [['revision', 'fraud wiring', 'fraud to write', 'template wiring', 'template to write']];
for (const rev of revs.length > 0 ? revs : ['HEAD']) {
  const fraud = measure(rev, 'apps/fraud-detection');
  const template = sum(templateRoots(rev).map((root) => measure(rev, root)));
  rows.push([rev, `${fraud?.wiring ?? '-'}`, `${fraud?.toWrite ?? '-'}`, `${template?.wiring ?? '-'}`, `${template?.toWrite ?? '-'}`]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
