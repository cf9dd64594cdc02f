import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundaries, formatViolations, listProjects } from './boundaries.js';

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
    expect(checkBoundaries(dir).map((v) => v.rule)).toEqual([
      'every project needs a scope:* tag in nx.tags',
      'every project needs a type:* tag in nx.tags',
    ]);
  });
});
