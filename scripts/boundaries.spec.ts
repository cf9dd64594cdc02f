import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundaries, findImportCycles, formatViolations, globToRegExp, importGraph, listProjects } from './boundaries.js';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('module boundaries of this workspace', () => {
  it('finds the projects with their tags', () => {
    const names = listProjects(workspaceRoot).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['@streamlab/core', '@streamlab/kafka', '@streamlab/generators']));
  });

  it('has no forbidden import', () => {
    const violations = checkBoundaries(workspaceRoot);
    expect(formatViolations(violations)).toBe('');
  });
});

describe('checkBoundaries on a scratch workspace', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(path: string, text: string) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  function project(root: string, name: string, tags: string[]) {
    write(`${root}/package.json`, JSON.stringify({ name, nx: { tags } }));
  }
  function scratch() {
    dir = mkdtempSync(join(tmpdir(), 'boundaries-'));
    write('package.json', JSON.stringify({ workspaces: ['libs/*', 'apps/*'] }));
    project('libs/core', '@x/core', ['scope:shared', 'type:core']);
    project('libs/kafka', '@x/kafka', ['scope:shared', 'type:io']);
    project('apps/a', '@x/a', ['scope:a', 'type:app']);
    project('apps/b', '@x/b', ['scope:b', 'type:app']);
  }

  it('flags kafkajs imported from the core, with file and line', () => {
    scratch();
    write('libs/core/src/engine.ts', "import { x } from './x.js';\nimport { Kafka } from 'kafkajs';\n");
    const [v, ...rest] = checkBoundaries(dir);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ file: 'libs/core/src/engine.ts', line: 2, specifier: 'kafkajs' });
    expect(v!.rule).toContain('type:core must not import kafkajs');
  });

  it('flags dynamic imports and requires of banned packages', () => {
    scratch();
    write('libs/core/src/a.ts', "const io = await import('socket.io');\nconst f = require('@faker-js/faker/locale/en');\n");
    expect(checkBoundaries(dir).map((v) => v.specifier)).toEqual(['socket.io', '@faker-js/faker/locale/en']);
  });

  it('flags an app importing another app, by package name or by relative path', () => {
    scratch();
    write('apps/a/src/index.ts', "import { b } from '@x/b';\nimport { c } from '../../b/src/c.js';\n");
    expect(checkBoundaries(dir).map((v) => `${v.line}:${v.specifier}`)).toEqual(['1:@x/b', '2:../../b/src/c.js']);
  });

  it('flags a lib importing an app, and allows libs importing libs', () => {
    scratch();
    write('libs/kafka/src/index.ts', "import { core } from '@x/core';\nimport { a } from '@x/a/src/thing.js';\n");
    expect(checkBoundaries(dir).map((v) => v.specifier)).toEqual(['@x/a/src/thing.js']);
  });

  it('ignores imports that only appear in comments, keeping line numbers of real ones', () => {
    scratch();
    write(
      'libs/core/src/registry.ts',
      "/**\n * @example\n * import '@x/kafka';\n */\n// import { Kafka } from 'kafkajs';\nconst url = 'http://example.com'; // see import 'express'\nimport { io } from 'socket.io';\nconst hint = \"add import 'kafkajs' first\";\nimport 'express';\n",
    );
    expect(checkBoundaries(dir).map((v) => `${v.line}:${v.specifier}`)).toEqual(['7:socket.io', '9:express']);
  });

  it('requires scope and type tags on every project', () => {
    scratch();
    project('libs/untagged', '@x/untagged', []);
    expect(checkBoundaries(dir).map((v) => v.rule)).toEqual(['every project needs a scope:* tag in nx.tags', 'every project needs a type:* tag in nx.tags']);
  });

  it('flags Node built-ins and I/O libraries in the pure part of the core, with file and line', () => {
    scratch();
    write(
      'libs/core/src/checkpoint/files.ts',
      "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nimport { open } from 'fs/promises';\nimport { pino } from 'pino';\nimport { z } from 'zod';\n",
    );
    const violations = checkBoundaries(dir);
    expect(violations.map((v) => `${v.file}:${v.line}:${v.specifier}`)).toEqual([
      'libs/core/src/checkpoint/files.ts:1:node:fs',
      'libs/core/src/checkpoint/files.ts:2:path',
      'libs/core/src/checkpoint/files.ts:3:fs/promises',
      'libs/core/src/checkpoint/files.ts:4:pino',
    ]);
    expect(violations[0]!.rule).toContain('type:core must not import the Node built-in node:fs in its pure part');
    expect(violations[3]!.rule).toContain('type:core must not import the I/O library pino');
  });

  it('flags bare Node globals in the pure part of the core, not globalThis reads, strings or comments', () => {
    scratch();
    write(
      'libs/core/src/sink.ts',
      "const out = process.stdout;\nconst b = Buffer.from('x');\nconst ok = (globalThis as { process?: unknown }).process;\nconst tag = 'Buffer';\n// process.exit()\n",
    );
    write('libs/core/src/node/env.ts', 'export const env = process.env;\n');
    expect(checkBoundaries(dir).map((v) => `${v.file}:${v.line}:${v.specifier}`)).toEqual([
      'libs/core/src/sink.ts:1:process',
      'libs/core/src/sink.ts:2:Buffer',
    ]);
  });

  it('lets the Node adapters, tests and benchmarks of the core use Node, but not the pure part import them', () => {
    scratch();
    write('libs/core/src/node/file-manager.ts', "import { readFileSync } from 'node:fs';\n");
    write('libs/core/src/checkpoint/log.spec.ts', "import { tmpdir } from 'node:os';\nimport { pino } from 'pino';\n");
    write('libs/core/src/bench/run.ts', "import { performance } from 'node:perf_hooks';\n");
    write('libs/core/src/query/session.ts', "import { FileManager } from '../node/file-manager.js';\n");
    expect(checkBoundaries(dir).map((v) => `${v.file}:${v.specifier}`)).toEqual(['libs/core/src/query/session.ts:../node/file-manager.js']);
  });

  it('lets other projects import Node built-ins', () => {
    scratch();
    write('libs/kafka/src/broker.ts', "import { spawn } from 'node:child_process';\nimport { pino } from 'pino';\n");
    expect(checkBoundaries(dir)).toEqual([]);
  });

  it('flags an import cycle in the core, naming its files; type-only imports do not count', () => {
    scratch();
    write('libs/core/src/stream.ts', "import { Writer } from './writer.js';\nexport class Stream {}\n");
    write('libs/core/src/writer.ts', "import { session } from './query/session.js';\nexport class Writer {}\n");
    write('libs/core/src/query/session.ts', "import type { Writer } from '../writer.js';\nexport { Stream } from '../stream.js';\n");
    write('libs/core/src/grouped.ts', "import { type Stream } from './stream.js';\n");
    const violations = checkBoundaries(dir);
    expect(violations.map((v) => `${v.file}:${v.line}:${v.specifier}`)).toEqual(['libs/core/src/query/session.ts:2:../stream.js']);
    expect(violations[0]!.rule).toBe('type:core must have no import cycle: src/query/session.ts -> src/stream.ts -> src/writer.ts -> src/query/session.ts');
  });

  it('finds no cycle once the cycle is broken', () => {
    scratch();
    write('libs/core/src/a.ts', "import { b } from './b.js';\n");
    write('libs/core/src/b.ts', "import type { A } from './a.js';\nimport './c.js';\n");
    write('libs/core/src/c.ts', 'export const c = 1;\n');
    expect(checkBoundaries(dir)).toEqual([]);
  });

  it('findImportCycles reports a self import and each strongly connected component once', () => {
    dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    write('src/self.ts', "import './self.js';\n");
    write('src/a.ts', "export * from './b.js';\n");
    write('src/b.ts', "import { a } from './a.js';\nimport { c } from './c/index.js';\n");
    write('src/c/index.ts', "import { a } from '../a.js';\n");
    const cycles = findImportCycles(importGraph(join(dir, 'src'))).map((c) => c.map((n) => n.file.slice(dir.length + 5)));
    expect(cycles).toEqual(
      expect.arrayContaining([
        ['self.ts', 'self.ts'],
        ['a.ts', 'b.ts', 'a.ts'],
      ]),
    );
    expect(cycles).toHaveLength(2);
  });

  it('globToRegExp matches ** across folders and * within one', () => {
    scratch();
    expect(globToRegExp('src/node/**').test('src/node/a/b.ts')).toBe(true);
    expect(globToRegExp('**/*.spec.ts').test('src/x/y.spec.ts')).toBe(true);
    expect(globToRegExp('**/*.spec.ts').test('y.spec.ts')).toBe(true);
    expect(globToRegExp('src/*.ts').test('src/a/b.ts')).toBe(false);
  });
});
