/**
 * The TypeScript snippets of the workspace's Markdown files, checked against the real packages
 * (`readme-snippets.spec.ts` runs this on every `npm test`).
 *
 * Every ```ts (or ```typescript) block of every `*.md` is one ES module. All of them are
 * type-checked in one TypeScript program with the workspace's compiler options, `@streamlab/*`
 * resolving to the workspace sources (the `development` condition). A block is also run (imported)
 * unless an HTML comment right before it says otherwise:
 *
 *     <!-- snippet: typecheck-only: needs a Kafka broker -->
 *     <!-- snippet: skip: an excerpt of BatchRunner's class body -->
 *
 * Any further lines of that comment, up to `-->` on a line of its own, are code put before the
 * block and not shown in the rendered docs: the imports and the variables a fragment uses.
 *
 *     <!-- snippet: run
 *     import { MemoryStream } from '@streamlab/core';
 *     const tx = new MemoryStream<{ txId: string; ts: number }>().toStream();
 *     -->
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export type SnippetMode = 'run' | 'typecheck-only' | 'skip';
export const SNIPPET_MODES: readonly SnippetMode[] = ['run', 'typecheck-only', 'skip'];

export interface Snippet {
  /** The Markdown file, relative to the workspace, with forward slashes. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  mode: SnippetMode;
  /** Why the block is not run (or not checked); '' for `run`. */
  reason: string;
  /** Hidden code from the marker comment, and the Markdown line of its first line. */
  setup: string[];
  setupLine: number;
  /** The block's lines, and the Markdown line of the first one. */
  code: string[];
  codeLine: number;
}

export interface MarkdownProblem {
  file: string;
  line: number;
  message: string;
}

/** Directories never searched for Markdown: dependencies, build output, caches, test output. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out-tsc', 'coverage', 'test-artifacts', 'checkpoints']);

/** Every `*.md` of the workspace (relative paths, sorted), outside dot-directories and build output. */
export function findMarkdownFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && e.name.endsWith('.md')) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const MARKER = /^<!--\s*snippet\b:?\s*(.*)$/;

/** The ```ts blocks of one Markdown text, with their markers; malformed or stray markers are problems. */
export function extractSnippets(file: string, text: string): { snippets: Snippet[]; problems: MarkdownProblem[] } {
  const lines = text.split(/\r?\n/);
  const snippets: Snippet[] = [];
  const problems: MarkdownProblem[] = [];
  const markerLines = new Set<number>(); // 0-based lines where a `<!-- snippet` comment starts, outside code
  const usedMarkers = new Set<number>();
  const problem = (i: number, message: string) => problems.push({ file, line: i + 1, message });

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = FENCE.exec(line);
    if (!open || (open[2]![0] === '`' && open[3]!.includes('`'))) {
      if (MARKER.test(line.trim())) markerLines.add(i);
      continue;
    }
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    const lang = info.trim().split(/\s+/)[0]!.toLowerCase();
    if (lang === 'ts' || lang === 'typescript') {
      const strip = (l: string) => l.replace(new RegExp(`^ {0,${indent.length}}`), '');
      const marker = markerBefore(lines, i);
      const snippet: Snippet = {
        file,
        line: i + 1,
        mode: 'run',
        reason: '',
        setup: [],
        setupLine: i + 1,
        code: lines.slice(i + 1, end).map(strip),
        codeLine: i + 2,
      };
      if (marker) {
        usedMarkers.add(marker.start);
        const parsed = parseMarker(lines, marker.start, marker.end);
        if ('error' in parsed) problem(marker.start, parsed.error);
        else Object.assign(snippet, parsed);
      }
      snippets.push(snippet);
    }
    i = end; // past the closing fence (or the end of the file)
  }
  for (const i of markerLines) {
    if (!usedMarkers.has(i)) problem(i, 'a `<!-- snippet ... -->` comment must come right before a ```ts block');
  }
  problems.sort((a, b) => a.line - b.line);
  return { snippets, problems };
}

/** The HTML comment ending right before line `fence` (blank lines allowed), if it is a snippet marker. */
function markerBefore(lines: string[], fence: number): { start: number; end: number } | undefined {
  let end = fence - 1;
  while (end >= 0 && lines[end]!.trim() === '') end--;
  if (end < 0 || !lines[end]!.trim().endsWith('-->')) return undefined;
  let start = end;
  while (start >= 0 && !lines[start]!.includes('<!--')) start--;
  if (start < 0 || !MARKER.test(lines[start]!.trim())) return undefined;
  return { start, end };
}

function parseMarker(
  lines: string[],
  start: number,
  end: number,
): { mode: SnippetMode; reason: string; setup: string[]; setupLine: number } | { error: string } {
  const first = MARKER.exec(lines[start]!.trim())![1]!;
  const head = start === end ? first.replace(/-->\s*$/, '').trim() : first.trim();
  const mode = head.split(/[\s:]/)[0]! as SnippetMode;
  const reason = head
    .slice(mode.length)
    .replace(/^[\s:;,—–-]+/, '')
    .trim();
  if (!SNIPPET_MODES.includes(mode)) {
    return { error: `unknown snippet mode "${mode}" (one of: ${SNIPPET_MODES.join(', ')})` };
  }
  if (mode !== 'run' && reason === '') return { error: `"snippet: ${mode}" needs a reason, e.g. "<!-- snippet: ${mode}: needs a Kafka broker -->"` };
  const setup = lines.slice(start + 1, end + 1);
  if (setup.length > 0) setup[setup.length - 1] = setup[setup.length - 1]!.replace(/-->\s*$/, '');
  while (setup.length > 0 && setup[setup.length - 1]!.trim() === '') setup.pop();
  return { mode, reason, setup, setupLine: start + 2 };
}

/** One snippet as a module on disk: its text, and the Markdown line of each of its lines. */
export interface SnippetModule {
  snippet: Snippet;
  path: string;
  text: string;
  /** Markdown line (1-based) of the module's line `index` (0-based). */
  mdLine(index: number): number;
}

/** Writes each snippet as `<dir>/<file>.L<line>.ts` (hidden setup first, then the block; always a module). */
export function writeSnippetModules(dir: string, snippets: readonly Snippet[]): SnippetModule[] {
  mkdirSync(dir, { recursive: true });
  return snippets.map((snippet) => {
    const path = join(dir, `${snippet.file.replace(/[/\\]/g, '__')}.L${snippet.line}.ts`);
    const text = [...snippet.setup, ...snippet.code, 'export {};', ''].join('\n');
    writeFileSync(path, text);
    const { setup, setupLine, code, codeLine, line } = snippet;
    const mdLine = (i: number) => (i < setup.length ? setupLine + i : i < setup.length + code.length ? codeLine + i - setup.length : line);
    return { snippet, path, text, mdLine };
  });
}

/**
 * The compiler options of `tsconfig.base.json` (strict, NodeNext, the `development` condition), for
 * checking only: no output, and the DOM types since the dashboard kit's snippets run in a browser.
 */
export function snippetCompilerOptions(root: string): ts.CompilerOptions {
  const file = join(root, 'tsconfig.base.json');
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const raw = (read.config as { compilerOptions: Record<string, unknown> }).compilerOptions;
  const converted = ts.convertCompilerOptionsFromJson(raw, root, file);
  if (converted.errors.length > 0) throw new Error(converted.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  const lib = converted.options.lib ?? ['lib.es2023.d.ts'];
  return {
    ...converted.options,
    lib: [...new Set([...lib, 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'])],
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    tsBuildInfoFile: undefined,
  };
}

/**
 * Type-checks every module in one program. Returns, per module path, its errors as
 * `file.md:LINE (snippet at line N): TS2305: message`, and the program-wide errors under `''`.
 */
export function typecheckSnippets(root: string, modules: readonly SnippetModule[]): Map<string, string[]> {
  const program = ts.createProgram({
    rootNames: modules.map((m) => m.path),
    options: snippetCompilerOptions(root),
  });
  const out = new Map<string, string[]>();
  out.set(
    '',
    [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => formatPlain(d)),
  );
  for (const m of modules) {
    const sf = program.getSourceFile(m.path);
    if (!sf) {
      out.set(m.path, [`${m.snippet.file}:${m.snippet.line}: the snippet's module is not in the program`]);
      continue;
    }
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    out.set(
      m.path,
      diags.map((d) => formatSnippetDiagnostic(m, d)),
    );
  }
  return out;
}

function formatPlain(d: ts.Diagnostic): string {
  return `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
}

function formatSnippetDiagnostic(m: SnippetModule, d: ts.Diagnostic): string {
  const where = d.file && d.start !== undefined ? m.mdLine(d.file.getLineAndCharacterOfPosition(d.start).line) : m.snippet.line;
  return `${m.snippet.file}:${where} (snippet at line ${m.snippet.line}): ${formatPlain(d)}`;
}

/** All snippets (and marker problems) of the workspace's Markdown files. */
export function workspaceSnippets(root: string): { snippets: Snippet[]; problems: MarkdownProblem[] } {
  const snippets: Snippet[] = [];
  const problems: MarkdownProblem[] = [];
  for (const file of findMarkdownFiles(root)) {
    const r = extractSnippets(file, readFileSync(join(root, file), 'utf8'));
    snippets.push(...r.snippets);
    problems.push(...r.problems);
  }
  return { snippets, problems };
}
