import { describe, expect, it } from 'vitest';
import { addPanel, addPublish, addQueryHandle, declaredQueries } from './register';

const Q = { id: 'card-counts', handle: 'cardCounts', rowType: 'CardCountsRow' };
const PANEL = { title: 'Card counts', description: 'Per card.', columns: [['cardId', 'Card id'] as [string, string]] };

describe('addQueryHandle', () => {
  it('adds the handle after the last one, with or without a trailing comma, and imports its row type after the imports', () => {
    const text = "import { defineQueries, query } from '@streamlab/live/queries';\n\nexport const queries = defineQueries({\n  a: query<A>('a')\n});\n";
    expect(addQueryHandle(text, Q, './pipelines/card-counts.js')).toBe(
      "import { defineQueries, query } from '@streamlab/live/queries';\nimport type { CardCountsRow } from './pipelines/card-counts.js';\n\n" +
        "export const queries = defineQueries({\n  a: query<A>('a'),\n  cardCounts: query<CardCountsRow>('card-counts'),\n});\n",
    );
  });

  it('uses the name the file gives `query`, and fills an empty declaration', () => {
    const text = "import { defineQueries, query as q } from '@streamlab/live/queries';\nexport const queries = defineQueries({});\n";
    const out = addQueryHandle(text, Q, './pipelines/card-counts.js');
    expect(out).toContain("defineQueries({\n  cardCounts: q<CardCountsRow>('card-counts'),\n})");
    expect(declaredQueries(out)).toEqual([{ handle: 'cardCounts', id: 'card-counts' }]);
  });

  it('says what is missing when there is no defineQueries', () => {
    expect(() => addQueryHandle('export const queries = {};\n', Q, './p.js', 'apps/x/src/queries.ts')).toThrow(
      'apps/x/src/queries.ts: has no `defineQueries({ ... })` to declare the query in',
    );
  });
});

describe('addPublish', () => {
  const start = [
    "import { queries } from '../queries.js';",
    '',
    'export async function start(ctx) {',
    '  const live = await useCaseKit(ctx, { topics: topics(o) });',
    '  if (o.extra) {',
    "    live.publish(queries.extra, extra(rows('extra')), 'append');",
    '  }',
    "  live.publish(queries.a, a(rows('a')), 'update');",
    '  if (o.more) {',
    "    live.publish(queries.more, more(rows('more')), 'append');",
    '  }',
    '  return live.running();',
    '}',
    '',
  ].join('\n');

  it("publishes after the last publish statement not inside an if, with the kit's and the handles' names from it", () => {
    const out = addPublish(start, Q, 'rows', '../pipelines/card-counts.js');
    expect(out).toContain(
      "  live.publish(queries.a, a(rows('a')), 'update');\n  live.publish(queries.cardCounts, cardCounts(rows('card-counts')), 'update');\n  if (o.more) {",
    );
    expect(out).toContain("import { queries } from '../queries.js';\nimport { cardCounts } from '../pipelines/card-counts.js';\n");
  });

  it('says what is missing when nothing is published', () => {
    expect(() => addPublish('export function start() {}\n', Q, 'rows', './p.js', 'start.ts')).toThrow('start.ts: has no `kit.publish(...)` statement');
  });
});

describe('addPanel', () => {
  const main = (imports: string) =>
    [
      imports,
      "import { queries } from '../queries.js';",
      '',
      "const client = new LiveClient('x');",
      'const shell = dashboardShell({ title: "X", clients: [client] });',
      "shell.panel('Rate', timeSeries(client, { query: queries.a, x: 'window', series: [] }));",
      '',
    ].join('\n');

  it('adds a windows table after the last panel, importing windowsTable on a one-line import', () => {
    const out = addPanel(main("import { LiveClient, dashboardShell, timeSeries } from '@streamlab/live/browser';"), Q, PANEL);
    expect(out).toContain("import { LiveClient, dashboardShell, timeSeries, windowsTable } from '@streamlab/live/browser';");
    expect(
      out.endsWith(
        [
          "shell.panel('Rate', timeSeries(client, { query: queries.a, x: 'window', series: [] }));",
          'shell.panel(',
          "  'Card counts',",
          '  windowsTable(client, {',
          '    query: queries.cardCounts,',
          '    columns: [',
          "      { field: 'cardId', label: 'Card id' },",
          '    ],',
          '    max: 20,',
          '  }),',
          "  { description: 'Per card.' },",
          ');',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });

  it('imports windowsTable on its own line in a multi-line import, and uses a local name it already has', () => {
    const multi = addPanel(main("import {\n  LiveClient,\n  dashboardShell,\n  timeSeries\n} from '@streamlab/live/browser';"), Q, PANEL);
    expect(multi).toContain('  timeSeries,\n  windowsTable\n}');
    const aliased = addPanel(main("import { LiveClient, dashboardShell, timeSeries, windowsTable as table } from '@streamlab/live/browser';"), Q, PANEL);
    expect(aliased).toContain('  table(client, {');
    expect(aliased).not.toContain('windowsTable(');
  });

  it('says what is missing without a LiveClient', () => {
    const text = main("import { dashboardShell } from '@streamlab/live/browser';").replace("new LiveClient('x')", 'connect()');
    expect(() => addPanel(text, Q, PANEL, 'main.ts')).toThrow('main.ts: has no `const live = new LiveClient(...)` to subscribe with');
  });
});
