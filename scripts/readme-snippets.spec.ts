/**
 * Every ```ts block of every Markdown file in the workspace compiles against the real packages,
 * and runs unless marked `<!-- snippet: typecheck-only: why -->` (see `readme-snippets.ts`).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDefaultSession } from '@streamlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  extractSnippets,
  findMarkdownFiles,
  typecheckSnippets,
  workspaceSnippets,
  writeSnippetModules,
  type Snippet,
  type SnippetModule,
} from './readme-snippets.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { snippets, problems } = workspaceSnippets(root);

/** Checked in the same program as the real snippets: a name the package does not export. */
const notExported: Snippet = {
  file: 'scratch/NOT-EXPORTED.md',
  line: 7,
  mode: 'typecheck-only',
  reason: 'scratch',
  setup: ["import { MemoryStream } from '@streamlab/core';"],
  setupLine: 5,
  code: ["import { noSuchExport } from '@streamlab/core';", 'noSuchExport(new MemoryStream());'],
  codeLine: 8,
};

let dir: string;
let modules: Map<Snippet, SnippetModule>;
let errors: Map<string, string[]>;

beforeAll(() => {
  mkdirSync(join(root, '.cache'), { recursive: true });
  // In the workspace (git-ignored), so that `@streamlab/*` and dependencies resolve as in any package.
  dir = mkdtempSync(join(root, '.cache', 'readme-snippets-'));
  const written = writeSnippetModules(dir, [...snippets.filter((s) => s.mode !== 'skip'), notExported]);
  modules = new Map(written.map((m) => [m.snippet, m]));
  errors = typecheckSnippets(root, written);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Markdown snippets of the workspace', () => {
  it('finds the Markdown files and their ts blocks, with well-formed markers', () => {
    const files = findMarkdownFiles(root);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'libs/core/README.md', 'libs/core/src/checkpoint/README.md']));
    expect(files.some((f) => f.includes('node_modules') || f.startsWith('.'))).toBe(false);
    expect(snippets.length).toBeGreaterThan(20);
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it('compiles with the workspace options (no program-wide errors)', () => {
    expect(errors.get('')).toEqual([]);
  });

  it('reports a name the package does not export with the file, the line and the compiler message', () => {
    expect(errors.get(modules.get(notExported)!.path)).toEqual([
      `scratch/NOT-EXPORTED.md:8 (snippet at line 7): TS2305: Module '"@streamlab/core"' has no exported member 'noSuchExport'.`,
    ]);
  });

  // Excerpts that cannot compile alone (class bodies, interface members in contributor notes) are
  // marked skip with a reason; they are listed here rather than left as skipped tests.
  it('every snippet marked skip is an excerpt of contributor notes, with its reason', () => {
    const skipped = snippets.filter((s) => s.mode === 'skip');
    for (const s of skipped) {
      expect(s.reason, `${s.file}:${s.line}`).toMatch(/\S/);
      expect(s.file, `${s.file}:${s.line}: user docs (README) snippets must compile`).not.toMatch(/README\.md$/);
    }
  });

  for (const s of snippets) {
    const name = `${s.file}:${s.line}`;
    if (s.mode === 'skip') continue;
    it(`${name} ${s.mode === 'run' ? 'compiles and runs' : `compiles (not run: ${s.reason})`}`, async () => {
      const m = modules.get(s)!;
      expect(errors.get(m.path)!.join('\n')).toBe('');
      if (s.mode !== 'run') return;
      try {
        await import(m.path);
      } catch (e) {
        throw new Error(`${name}: the snippet threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      } finally {
        // A snippet may start queries on the default session and leave them running.
        await Promise.all(getDefaultSession().streams.active.map((q) => q.stop()));
      }
    });
  }
});

describe('extractSnippets', () => {
  const md = [
    '# Title', //                                     1
    '```ts', //                                       2
    "import { count } from '@streamlab/core';", //    3
    '```', //                                         4
    '```bash', //                                     5
    '```ts inside bash is not a block', //            6
    '```', //                                         7
    '<!-- snippet: typecheck-only: needs a broker', // 8
    "import { kafkaSink } from '@streamlab/kafka';", // 9
    '-->', //                                         10
    '', //                                            11
    '~~~typescript', //                               12
    'kafkaSink;', //                                  13
    '~~~', //                                         14
    '- a list item:', //                              15
    '  <!-- snippet: skip: a class body -->', //      16
    '  ```ts', //                                     17
    '    run(): void {}', //                          18
    '  ```', //                                       19
  ].join('\n');

  it('finds ts and typescript blocks with their lines, modes, reasons and hidden setup', () => {
    const { snippets: found, problems: bad } = extractSnippets('X.md', md);
    expect(bad).toEqual([]);
    expect(found.map((s) => [s.line, s.mode, s.reason, s.setup, s.setupLine, s.code, s.codeLine])).toEqual([
      [2, 'run', '', [], 2, ["import { count } from '@streamlab/core';"], 3],
      [12, 'typecheck-only', 'needs a broker', ["import { kafkaSink } from '@streamlab/kafka';"], 9, ['kafkaSink;'], 13],
      [17, 'skip', 'a class body', [], 17, ['  run(): void {}'], 18],
    ]);
  });

  it('maps module lines back to Markdown lines (setup first, then the block)', () => {
    const [, s] = extractSnippets('X.md', md).snippets;
    const scratch = mkdtempSync(join(root, '.cache', 'readme-snippets-test-'));
    try {
      const [m] = writeSnippetModules(scratch, [s!]);
      expect(m!.text).toBe("import { kafkaSink } from '@streamlab/kafka';\nkafkaSink;\nexport {};\n");
      expect([0, 1, 2].map((i) => m!.mdLine(i))).toEqual([9, 13, 12]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('rejects unknown modes, missing reasons and markers that are not right before a ts block', () => {
    const bad = [
      '<!-- snippet: maybe -->',
      '```ts',
      'x;',
      '```',
      '<!-- snippet: skip -->',
      '```ts',
      'y;',
      '```',
      '<!-- snippet: skip: why -->',
      'text',
      '```ts',
      '```',
    ];
    expect(extractSnippets('Y.md', bad.join('\n')).problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '1: unknown snippet mode "maybe" (one of: run, typecheck-only, skip)',
      '5: "snippet: skip" needs a reason, e.g. "<!-- snippet: skip: needs a Kafka broker -->"',
      '9: a `<!-- snippet ... -->` comment must come right before a ```ts block',
    ]);
  });
});
