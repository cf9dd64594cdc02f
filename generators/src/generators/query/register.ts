/**
 * The three edits that register a generated query in its use case, each a function from a file's
 * text to its new text, placed by the positions of AST nodes (`applyChangesToString`):
 * its handle in `queries.ts`, its publication in `live/start.ts`, its panel in `dashboard/main.ts`.
 */
import { applyChangesToString, ChangeType, type StringChange } from '@nx/devkit';
import * as ts from 'typescript';
import { afterImports, callStatements, findAll, importedName, indentAt, namedImports, parse } from './ast';

/** The generated query, as the edits name it. */
export interface QueryNames {
  /** Its id on the wire and its file name: `card-counts`. */
  id: string;
  /** Its handle in `queries` and its pipeline function: `cardCounts`. */
  handle: string;
  /** Its row type: `CardCountsRow`. */
  rowType: string;
}

const insert = (index: number, text: string): StringChange => ({ type: ChangeType.Insert, index, text });

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

/**
 * The ids and handles `defineQueries({ ... })` declares in a `queries.ts`.
 *
 * @example
 * declaredQueries(text); // [{ handle: 'alerts', id: 'alerts' }, { handle: 'txRate', id: 'tx-rate' }]
 */
export function declaredQueries(text: string, file = 'queries.ts'): { handle: string; id: string | undefined }[] {
  const obj = queriesObject(parse(file, text), file);
  return obj.properties.map((p) => {
    const handle = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '';
    const call = ts.isPropertyAssignment(p) ? p.initializer : undefined;
    const arg = call && ts.isCallExpression(call) ? call.arguments[0] : undefined;
    return { handle, id: arg && ts.isStringLiteralLike(arg) ? arg.text : undefined };
  });
}

function queriesObject(sf: ts.SourceFile, file: string): ts.ObjectLiteralExpression {
  const call = findAll(sf, ts.isCallExpression).find((c) => ts.isIdentifier(c.expression) && c.expression.text === 'defineQueries');
  const obj = call?.arguments[0];
  if (!obj || !ts.isObjectLiteralExpression(obj)) fail(file, 'has no `defineQueries({ ... })` to declare the query in');
  return obj;
}

/**
 * Declares the query: `<handle>: query<RowType>('<id>'),` at the end of `defineQueries({ ... })`,
 * with a type-only import of its row type from its pipeline.
 *
 * @example
 * addQueryHandle(text, { id: 'card-counts', handle: 'cardCounts', rowType: 'CardCountsRow' }, './pipelines/card-counts.js');
 */
export function addQueryHandle(text: string, q: QueryNames, pipelineImport: string, file = 'queries.ts'): string {
  const sf = parse(file, text);
  const obj = queriesObject(sf, file);
  const query = importedName(sf, '@streamlab/live/queries', 'query') ?? fail(file, "does not import `query` from '@streamlab/live/queries'");
  const entry = `${q.handle}: ${query}<${q.rowType}>('${q.id}')`;
  const last = obj.properties[obj.properties.length - 1];
  const change = last
    ? insert(last.end, `,\n${indentAt(text, last.getStart(sf))}${entry}${obj.properties.hasTrailingComma ? '' : ','}`)
    : insert(obj.getStart(sf) + 1, `\n${indentAt(text, obj.getStart(sf))}  ${entry},\n`);
  return applyChangesToString(text, [insert(afterImports(sf), `\nimport type { ${q.rowType} } from '${pipelineImport}';`), change]);
}

/**
 * Publishes the query: `<kit>.publish(<q>.<handle>, <handle>(<reader>('<id>')), 'update');` after
 * the last of the least nested `<kit>.publish(...)` statements (one inside an `if` is passed over),
 * with an import of its pipeline function.
 *
 * @example
 * addPublish(text, names, 'txSource', '../pipelines/card-counts.js');
 */
export function addPublish(text: string, q: QueryNames, reader: string, pipelineImport: string, file = 'live/start.ts'): string {
  const sf = parse(file, text);
  const publishes = callStatements(sf, 'publish');
  // the last of the least nested: not one inside an `if` that publishes something only some runs
  // have (fraud's `if (scaled) kit.publish(q.instances, ...)`)
  const depth = (n: ts.Node): number => (n.parent ? depth(n.parent) + (ts.isBlock(n.parent) ? 1 : 0) : 0);
  const least = Math.min(...publishes.map((p) => depth(p.statement)));
  const last = publishes.filter((p) => depth(p.statement) === least).at(-1);
  if (!last) fail(file, 'has no `kit.publish(...)` statement to publish the query after');
  const kit = last.call.expression.expression.getText(sf);
  const handle = last.call.arguments[0];
  const queries =
    handle && ts.isPropertyAccessExpression(handle)
      ? handle.expression.getText(sf)
      : (importedName(sf, '../queries.js', 'queries') ?? fail(file, "does not import `queries` from '../queries.js'"));
  const statement = `${kit}.publish(${queries}.${q.handle}, ${q.handle}(${reader}('${q.id}')), 'update');`;
  return applyChangesToString(text, [
    insert(afterImports(sf), `\nimport { ${q.handle} } from '${pipelineImport}';`),
    insert(last.statement.end, `\n${indentAt(text, last.statement.getStart(sf))}${statement}`),
  ]);
}

/** What the dashboard panel shows. */
export interface PanelSpec {
  title: string;
  description: string;
  /** Columns besides the window: field and label. */
  columns: [string, string][];
}

/**
 * Adds a `windowsTable` panel for the query before the streaming-health panel (or after the last
 * panel), lists the query in a health panel that names its queries, and imports `windowsTable`
 * from the dashboard kit when the file does not yet.
 *
 * @example
 * addPanel(text, names, { title: 'Card counts', description: '...', columns: [['cardId', 'Card'], ['count', 'Count']] });
 */
export function addPanel(text: string, q: QueryNames, panel: PanelSpec, file = 'dashboard/main.ts'): string {
  const sf = parse(file, text);
  const panels = callStatements(sf, 'panel');
  if (panels.length === 0) fail(file, 'has no `shell.panel(...)` statement to add the panel after');
  const healthCall = (c: ts.CallExpression) =>
    findAll(c, (n): n is ts.CallExpression => ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'healthPanel')[0];
  const health = panels.find((p) => healthCall(p.call) !== undefined);
  const anchor = health ?? panels[panels.length - 1]!;
  const shell = anchor.call.expression.expression.getText(sf);
  const client = findAll(sf, ts.isVariableDeclaration).find(
    (d) => d.initializer && ts.isNewExpression(d.initializer) && d.initializer.expression.getText(sf) === 'LiveClient',
  );
  if (!client || !ts.isIdentifier(client.name)) fail(file, 'has no `const live = new LiveClient(...)` to subscribe with');
  const queries = importedName(sf, '../queries.js', 'queries') ?? fail(file, "does not import `queries` from '../queries.js'");
  const browser = namedImports(sf, '@streamlab/live/browser') ?? fail(file, "does not import the dashboard kit from '@streamlab/live/browser'");

  const changes: StringChange[] = [];
  const table = importedName(sf, '@streamlab/live/browser', 'windowsTable');
  if (!table) {
    const lastImport = browser.elements[browser.elements.length - 1]!;
    const multiline = text.slice(browser.getStart(sf), browser.end).includes('\n');
    changes.push(insert(lastImport.end, multiline ? `,\n${indentAt(text, lastImport.getStart(sf))}windowsTable` : ', windowsTable'));
  }
  const i = indentAt(text, anchor.statement.getStart(sf));
  const code = [
    `${shell}.panel(`,
    `  ${str(panel.title)},`,
    `  ${table ?? 'windowsTable'}(${client.name.text}, {`,
    `    query: ${queries}.${q.handle},`,
    '    columns: [',
    ...panel.columns.map(([field, label]) => `      { field: ${str(field)}, label: ${str(label)} },`),
    '    ],',
    '    max: 20,',
    '  }),',
    `  { description: ${str(panel.description)} },`,
    ');',
  ]
    .map((l) => i + l)
    .join('\n');
  changes.push(health ? insert(anchor.statement.getStart(sf), `${code.slice(i.length)}\n${i}`) : insert(anchor.statement.end, `\n${code}`));

  // a health panel that lists its queries (`healthPanel(live, [queries.a, ...])`) lists this one too
  const list = health && healthCall(health.call)?.arguments[1];
  if (list && ts.isArrayLiteralExpression(list) && list.elements.length > 0) {
    changes.push(insert(list.elements[list.elements.length - 1]!.end, `, ${queries}.${q.handle}`));
  }
  return applyChangesToString(text, changes);
}

/** A single-quoted TypeScript string literal. */
function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
