/**
 * Small TypeScript-AST helpers for the query generator: it reads and edits a use case's source
 * by the positions of its nodes, never by patterns over the text.
 */
import { type Tree, joinPathFragments } from '@nx/devkit';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Parses a TypeScript file's text (no type information: the generator runs on the Tree alone).
 *
 * @example
 * parse('apps/x/src/queries.ts', text).statements.length;
 */
export function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/**
 * Every node under `root` (depth first, in source order) that `match` accepts.
 *
 * @example
 * findAll(sf, ts.isCallExpression).length;
 */
export function findAll<T extends ts.Node>(root: ts.Node, match: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  const visit = (n: ts.Node) => {
    if (match(n)) out.push(n);
    n.forEachChild(visit);
  };
  root.forEachChild(visit);
  return out;
}

/**
 * A call `<object>.<method>(...)`, such as `kit.publish(...)` or `shell.panel(...)`.
 *
 * @example
 * isMethodCall(node, 'publish'); // true for kit.publish(q.alerts, rows, 'append')
 */
export function isMethodCall(n: ts.Node, method: string): n is ts.CallExpression & { expression: ts.PropertyAccessExpression } {
  return ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === method;
}

/**
 * The statements that are a single method call, e.g. every `kit.publish(...);` of a file.
 *
 * @example
 * callStatements(sf, 'panel').at(-1); // the last shell.panel(...) statement
 */
export function callStatements(
  root: ts.Node,
  method: string,
): { statement: ts.ExpressionStatement; call: ts.CallExpression & { expression: ts.PropertyAccessExpression } }[] {
  return findAll(root, ts.isExpressionStatement).flatMap((statement) =>
    isMethodCall(statement.expression, method) ? [{ statement, call: statement.expression }] : [],
  );
}

/**
 * The local name a file gives an export of a module it imports (`import { queries as q }` gives
 * `q`), or undefined when it does not import it.
 *
 * @example
 * importedName(sf, '../queries.js', 'queries'); // 'q'
 */
export function importedName(sf: ts.SourceFile, moduleName: string, exported: string): string | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== moduleName) continue;
    const bindings = s.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const spec = bindings.elements.find((e) => (e.propertyName ?? e.name).text === exported);
    if (spec) return spec.name.text;
  }
  return undefined;
}

/**
 * The module a file imports a local name from (`import { readingSchema } from '../domain/reading.js'`).
 *
 * @example
 * importedFrom(sf, 'readingSchema'); // '../domain/reading.js'
 */
export function importedFrom(sf: ts.SourceFile, localName: string): string | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    const bindings = s.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === localName)) return s.moduleSpecifier.text;
  }
  return undefined;
}

/**
 * The named imports of a module in a file (`import { a, b } from 'm'`), or undefined.
 *
 * @example
 * namedImports(sf, '@streamlab/live/browser')?.elements.map((e) => e.name.text);
 */
export function namedImports(sf: ts.SourceFile, moduleName: string): ts.NamedImports | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== moduleName) continue;
    const bindings = s.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && !s.importClause?.isTypeOnly) return bindings;
  }
  return undefined;
}

/**
 * Where a new import goes: the end of the file's last import declaration (0 without one).
 *
 * @example
 * applyChangesToString(text, [{ type: ChangeType.Insert, index: afterImports(sf), text: "\nimport ...;" }]);
 */
export function afterImports(sf: ts.SourceFile): number {
  const imports = sf.statements.filter(ts.isImportDeclaration);
  return imports.length === 0 ? 0 : imports[imports.length - 1]!.end;
}

/**
 * The whitespace a line starts with, for the line that holds `pos`.
 *
 * @example
 * indentAt('a\n  b', 4); // '  '
 */
export function indentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * The initializer of the first variable named `name` declared anywhere in a file.
 *
 * @example
 * constInitializer(sf, 'decode')?.getText(); // 'decodeJson(transactionSchema)'
 */
export function constInitializer(sf: ts.SourceFile, name: string): ts.Expression | undefined {
  return findAll(sf, ts.isVariableDeclaration).find((d) => ts.isIdentifier(d.name) && d.name.text === name)?.initializer;
}

/**
 * The Tree path of a relative import (`../domain/schemas.js` from `src/live/start.ts`), its `.js`
 * read as the `.ts` it compiles from; undefined for a package import or a file not in the Tree.
 *
 * @example
 * resolveImport(tree, 'apps/x/src/live/start.ts', '../domain/reading.js'); // 'apps/x/src/domain/reading.ts'
 */
export function resolveImport(tree: Tree, fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = joinPathFragments(path.posix.dirname(fromFile), specifier);
  const stem = base.replace(/\.(js|ts)$/, '');
  return [`${stem}.ts`, `${stem}/index.ts`].find((f) => tree.exists(f));
}

/**
 * The module specifier one file writes to import another (`.js`, as the workspace's ESM apps do).
 *
 * @example
 * importPath('apps/x/src/pipelines/a.ts', 'apps/x/src/domain/reading.ts'); // '../domain/reading.js'
 */
export function importPath(fromFile: string, toFile: string): string {
  const rel = path.posix.relative(path.posix.dirname(fromFile), toFile).replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}
