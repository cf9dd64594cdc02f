import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import * as ts from 'typescript';
import { beforeEach, describe, expect, it } from 'vitest';
import queryGenerator, { useCases } from './generator';
import { declaredQueries } from './register';

const ROOT = resolve(__dirname, '../../../..');
const APP = 'apps/fraud-detection';

/** The real apps/fraud-detection, as it is on disk (sources, manifest, configs; no build output). */
function copyFraudDetection(tree: Tree): void {
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir))) {
      const p = `${dir}/${entry}`;
      if (entry === 'dist' || entry === 'node_modules') continue;
      if (statSync(join(ROOT, p)).isDirectory()) walk(p);
      else tree.write(p, readFileSync(join(ROOT, p)));
    }
  };
  walk(APP);
}

/** The syntax errors of a TypeScript file (what a bad splice would produce). */
function syntaxErrors(file: string, text: string): string[] {
  const out = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('query generator on apps/fraud-detection', () => {
  let tree: Tree;
  const read = (f: string) => tree.read(`${APP}/src/${f}`, 'utf-8') ?? '';
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('apps/hub/package.json', '{ "name": "@streamlab/hub" }');
    copyFraudDetection(tree);
  });

  it('finds fraud-detection as the only use case (the hub is not one)', () => {
    expect(useCases(tree)).toEqual(['fraud-detection']);
  });

  it('writes the pipeline and its spec, over the transactions start.ts reads, counted per card', async () => {
    await queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection' });
    const pipeline = read('pipelines/card-counts.ts');
    expect(pipeline).toContain("import type { Transaction } from '../domain/schemas.js';");
    expect(pipeline).toContain("export function cardCounts<R extends Pick<Transaction, 'cardId' | 'eventTime'>>(rows: Stream<R>) {");
    expect(pipeline).toContain(".groupBy(window('eventTime', '1 minute'), 'cardId').agg({ count: count() })");
    expect(pipeline).toContain('export type CardCountsRow = ReturnType<typeof cardCounts<Transaction>> extends Stream<infer Row> ? Row : never;');
    const spec = read('pipelines/card-counts.spec.ts');
    expect(spec).toContain("import { cardCounts } from './card-counts.js';");
    expect(spec).toContain("type Row = Pick<Transaction, 'cardId' | 'eventTime'>;");
    for (const f of ['pipelines/card-counts.ts', 'pipelines/card-counts.spec.ts']) {
      expect(read(f), f).not.toMatch(/<%|%>/);
      expect(syntaxErrors(f, read(f)), f).toEqual([]);
    }
  });

  it('declares the handle last in defineQueries, with its row type imported from the pipeline', async () => {
    const before = declaredQueries(read('queries.ts'));
    await queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection' });
    const queries = read('queries.ts');
    expect(declaredQueries(queries)).toEqual([...before, { handle: 'cardCounts', id: 'card-counts' }]);
    expect(queries).toContain("  instances: query<InstanceReport>('instances'),\n  cardCounts: query<CardCountsRow>('card-counts'),\n});");
    expect(queries).toContain("import type { riskScores } from './pipelines/risk.js';\nimport type { CardCountsRow } from './pipelines/card-counts.js';\n");
    expect(syntaxErrors('queries.ts', queries)).toEqual([]);
  });

  it('publishes it after the last kit.publish of the function (not the one inside `if (scaled)`), read with the reader of the transactions topic', async () => {
    await queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection' });
    const start = read('live/start.ts');
    expect(start).toContain(
      "  kit.publish(q.recentTx, recent, 'append', { volatile: true });\n  kit.publish(q.cardCounts, cardCounts(txSource('card-counts')), 'update');\n  kit.deadLetters(",
    );
    expect(start).toContain(
      "import { SCALE_APPLICATION_ID, SCALE_PARTITIONS } from './scaled.js';\nimport { cardCounts } from '../pipelines/card-counts.js';\n",
    );
    expect(syntaxErrors('start.ts', start)).toEqual([]);
  });

  it('adds a windows table before the streaming-health panel, which lists the query too', async () => {
    await queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection' });
    const main = read('dashboard/main.ts');
    const panel = main.indexOf("shell.panel(\n  'Card counts',\n  windowsTable(live, {\n    query: queries.cardCounts,\n");
    expect(panel).toBeGreaterThan(main.indexOf("'Amount per channel per minute (EUR)'"));
    expect(panel).toBeLessThan(main.indexOf("'Streaming health'"));
    expect(main).toContain("      { field: 'cardId', label: 'Card id' },\n      { field: 'count', label: 'Count' },\n");
    expect(main).toContain('queries.alertRate, queries.risk, queries.cardCounts]');
    expect(main.match(/windowsTable,/g)).toHaveLength(1); // already imported: imported once
    expect(syntaxErrors('main.ts', main)).toEqual([]);
  });

  it('changes only the Tree, and only those five files (what --dry-run lists)', async () => {
    const before = new Map(tree.listChanges().map((c) => [c.path, c.content?.toString()]));
    await queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection' });
    const changed = tree
      .listChanges()
      .filter((c) => before.get(c.path) !== c.content?.toString())
      .map((c) => relative(APP, c.path))
      .sort();
    expect(changed).toEqual([
      'src/dashboard/main.ts',
      'src/live/start.ts',
      'src/pipelines/card-counts.spec.ts',
      'src/pipelines/card-counts.ts',
      'src/queries.ts',
    ]);
  });

  it('takes the input type and the key from --input and --key', async () => {
    await queryGenerator(tree, { name: 'merchant-counts', project: 'fraud-detection', input: 'Transaction', key: 'merchantId' });
    expect(read('pipelines/merchant-counts.ts')).toContain("Pick<Transaction, 'merchantId' | 'eventTime'>");
  });

  describe('refuses, saying what to do, and changes nothing', () => {
    const cases: [string, Record<string, string>, RegExp | string][] = [
      ['a name not in kebab-case', { name: 'CardCounts' }, 'query name "CardCounts" is not kebab-case'],
      ['an unknown project, listing the use cases', { project: 'fraud' }, 'there is no use case "fraud" in apps/: use one of fraud-detection'],
      [
        'an app that is not a use case',
        { project: 'hub' },
        /apps\/hub is not a use case the generator can add to: it lacks src\/queries\.ts .*Use one of fraud-detection/,
      ],
      ['a query id already declared', { name: 'tx-rate' }, 'already declares a query "tx-rate" (txRate: \'tx-rate\')'],
      ['an --input no module exports', { input: 'Payment' }, 'no module of apps/fraud-detection/src exports a type "Payment"'],
      ['a --key that is not a string field', { key: 'amount' }, '--key "amount" is not a string field of Transaction: use one of txId, cardId,'],
    ];
    it.each(cases)('%s', async (_, over, message) => {
      const snapshot = () => tree.listChanges().map((c) => `${c.path}:${c.content?.length}`);
      const before = snapshot();
      await expect(queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection', ...over })).rejects.toThrow(message);
      expect(snapshot()).toEqual(before);
    });

    it('a pipeline file already there', async () => {
      tree.write(`${APP}/src/pipelines/card-counts.spec.ts`, '// mine');
      await expect(queryGenerator(tree, { name: 'card-counts', project: 'fraud-detection' })).rejects.toThrow(
        `${APP}/src/pipelines/card-counts.spec.ts already exists: choose another name, or delete it first`,
      );
      expect(read('pipelines/card-counts.spec.ts')).toBe('// mine');
      expect(tree.exists(`${APP}/src/pipelines/card-counts.ts`)).toBe(false);
    });
  });
});
