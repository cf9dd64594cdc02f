/**
 * What a use case's queries read: the reader function `live/start.ts` builds over its input topic
 * (`const readings = (reader: string) => kit.read(topic, reader, { decode: decodeJson(readingSchema), eventTimeField: 'eventTime' })`),
 * the row type it yields (the type inferred from that schema, or the one `--input` names) and
 * that type's fields. Read from the source alone: the generator sees only the Tree.
 */
import type { Tree } from '@nx/devkit';
import * as ts from 'typescript';
import { constInitializer, findAll, importedFrom, isMethodCall, parse, resolveImport } from './ast';

/** The use case's input, as a generated pipeline reads it. */
export interface InputRows {
  /** The function of `live/start.ts` that reads the input topic for one query: `txSource`. */
  reader: string;
  /** The row type: `Transaction`. */
  type: string;
  /** The Tree path of the module that exports it. */
  typeFile: string;
  /** The event-time field the reader assigns event time from. */
  eventTime: string;
  /** Every field of the row type, in declaration order (empty when they cannot be read). */
  fields: string[];
  /** The fields whose values are strings. */
  stringFields: string[];
}

/** An error that says what to fix; the generator reports its message as is. */
function fail(message: string): never {
  throw new Error(message);
}

interface Reader {
  name: string;
  options: ts.ObjectLiteralExpression | undefined;
}

/** `const <name> = (reader: string) => <kit>.read(topic, reader, { ... })`: the first one of the file. */
function findReader(sf: ts.SourceFile): Reader | undefined {
  for (const d of findAll(sf, ts.isVariableDeclaration)) {
    const fn = d.initializer;
    if (!ts.isIdentifier(d.name) || !fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length !== 1) continue;
    const read = isMethodCall(fn.body, 'read') ? fn.body : findAll(fn.body, (n): n is ts.CallExpression => isMethodCall(n, 'read'))[0];
    if (!read) continue;
    const options = read.arguments[2];
    return { name: d.name.text, options: options && ts.isObjectLiteralExpression(options) ? options : undefined };
  }
  return undefined;
}

/** The value of a property of an object literal, following a shorthand (`{ decode }`) to its `const`. */
function property(sf: ts.SourceFile, obj: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  const p = obj?.properties.find((x) => x.name && ts.isIdentifier(x.name) && x.name.text === name);
  if (!p) return undefined;
  if (ts.isPropertyAssignment(p)) return p.initializer;
  if (ts.isShorthandPropertyAssignment(p)) return constInitializer(sf, name);
  return undefined;
}

const MAYBE = new Set(['optional', 'nullable', 'nullish']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The innermost `z.<kind>` of a schema expression (`z.string().min(1)` gives `string`), through local consts. */
function schemaKind(sf: ts.SourceFile, e: ts.Expression | undefined, depth = 0): string | undefined {
  let n = e;
  while (n && depth < 8) {
    if (ts.isCallExpression(n)) n = n.expression;
    else if (ts.isPropertyAccessExpression(n)) {
      // a value that may be missing is no key: `z.string().optional()` is not a string field
      if (MAYBE.has(n.name.text)) return 'optional';
      if (ts.isIdentifier(n.expression)) {
        // `z.string` is the kind; `id.min` goes on to `id`'s own definition
        const local = constInitializer(sf, n.expression.text);
        if (!local) return n.name.text;
        return schemaKind(sf, local, depth + 1);
      }
      n = n.expression;
    } else if (ts.isIdentifier(n)) return schemaKind(sf, constInitializer(sf, n.text), depth + 1);
    else return undefined;
  }
  return undefined;
}

interface Fields {
  fields: string[];
  stringFields: string[];
}

/** The fields of a `z.object({ ... })` schema declared in `sf`. */
function schemaFields(sf: ts.SourceFile, schema: string): Fields | undefined {
  const init = constInitializer(sf, schema);
  const obj = init && findAll(init, ts.isObjectLiteralExpression)[0];
  if (!obj) return undefined;
  const fields: string[] = [];
  const stringFields: string[] = [];
  for (const p of obj.properties) {
    if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
    fields.push(p.name.text);
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (schemaKind(sf, value) === 'string') stringFields.push(p.name.text);
  }
  return { fields, stringFields };
}

/** The fields of an interface or a type literal. */
function memberFields(members: readonly ts.TypeElement[]): Fields {
  const fields: string[] = [];
  const stringFields: string[] = [];
  for (const m of members) {
    if (!ts.isPropertySignature(m) || !m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) continue;
    fields.push(m.name.text);
    if (m.type?.kind === ts.SyntaxKind.StringKeyword && !m.questionToken) stringFields.push(m.name.text);
  }
  return { fields, stringFields };
}

/** `z.infer<typeof s>`, `z.output<typeof s>`: the schema a type alias is inferred from. */
function inferredFrom(alias: ts.TypeAliasDeclaration): string | undefined {
  const t = alias.type;
  if (!ts.isTypeReferenceNode(t)) return undefined;
  const arg = t.typeArguments?.[0];
  return arg && ts.isTypeQueryNode(arg) && ts.isIdentifier(arg.exprName) ? arg.exprName.text : undefined;
}

const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The fields of an exported type of `file` (undefined when it does not export it). */
function typeFields(tree: Tree, file: string, type: string): Fields | undefined {
  const sf = parse(file, tree.read(file, 'utf-8') ?? '');
  for (const s of sf.statements) {
    if (ts.isInterfaceDeclaration(s) && s.name.text === type && isExported(s)) return memberFields(s.members);
    if (ts.isTypeAliasDeclaration(s) && s.name.text === type && isExported(s)) {
      if (ts.isTypeLiteralNode(s.type)) return memberFields(s.type.members);
      const schema = inferredFrom(s);
      return (schema !== undefined ? schemaFields(sf, schema) : undefined) ?? { fields: [], stringFields: [] };
    }
  }
  return undefined;
}

/** The exported type of `file` inferred from `schema` (`export type Reading = z.infer<typeof readingSchema>`). */
function typeOfSchema(tree: Tree, file: string, schema: string): string | undefined {
  const sf = parse(file, tree.read(file, 'utf-8') ?? '');
  return sf.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && isExported(s) && inferredFrom(s) === schema)?.name.text;
}

/** The non-test TypeScript files under `dir`, sorted. */
function sourceFiles(tree: Tree, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const c of tree.children(d)) {
      const p = `${d}/${c}`;
      if (tree.isFile(p)) {
        if (p.endsWith('.ts') && !/\.(spec|test-d|bench)\.ts$/.test(p) && !p.endsWith('.d.ts')) out.push(p);
      } else walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The type `--input` names, found in the module of the use case that exports it. */
function namedType(tree: Tree, projectRoot: string, input: string, reader: Reader): { type: string; typeFile: string } {
  if (!IDENTIFIER.test(input)) fail(`--input "${input}" is not a type name: give the name of an exported type, e.g. "Reading"`);
  const typeFile = sourceFiles(tree, `${projectRoot}/src`).find((f) => typeFields(tree, f, input) !== undefined);
  if (!typeFile) fail(`no module of ${projectRoot}/src exports a type "${input}": give the type ${reader.name}(...) yields, or leave --input out to detect it`);
  return { type: input, typeFile };
}

/** The type inferred from the schema the reader decodes with: `decodeJson(readingSchema)`, imported from where `Reading` is inferred from it. */
function inferredType(tree: Tree, sf: ts.SourceFile, reader: Reader): { type: string; typeFile: string } {
  const decode = property(sf, reader.options, 'decode');
  const arg = decode && ts.isCallExpression(decode) ? decode.arguments[0] : undefined;
  const schema = arg && ts.isIdentifier(arg) ? arg.text : undefined;
  const specifier = schema && importedFrom(sf, schema);
  const typeFile = specifier ? resolveImport(tree, sf.fileName, specifier) : undefined;
  const type = typeFile && schema ? typeOfSchema(tree, typeFile, schema) : undefined;
  if (!type || !typeFile) {
    fail(
      `cannot tell the row type ${reader.name}(...) yields in ${sf.fileName} (it is read from the schema its decode option names, e.g. decodeJson(readingSchema) with \`export type Reading = z.infer<typeof readingSchema>\` beside it): give it with --input <Type>`,
    );
  }
  return { type, typeFile };
}

/**
 * Finds what the queries of the use case at `projectRoot` read. The row type is `input` when given
 * (a type some module of the use case exports), else the type inferred from the schema the reader
 * decodes with.
 *
 * @example
 * detectInput(tree, 'apps/fraud-detection'); // { reader: 'txSource', type: 'Transaction', eventTime: 'eventTime', ... }
 */
export function detectInput(tree: Tree, projectRoot: string, input?: string): InputRows {
  const startFile = `${projectRoot}/src/live/start.ts`;
  const sf = parse(startFile, tree.read(startFile, 'utf-8') ?? '');
  const reader = findReader(sf);
  if (!reader) {
    fail(
      `${startFile} has no reader of its input topic: declare one such as \`const readings = (reader: string) => kit.read(o.topic, reader, { decode: decodeJson(readingSchema), eventTimeField: 'eventTime' });\` and read with it`,
    );
  }
  const timeField = property(sf, reader.options, 'eventTimeField');
  const eventTime = timeField && ts.isStringLiteralLike(timeField) ? timeField.text : 'eventTime';

  const { type, typeFile } = input === undefined ? inferredType(tree, sf, reader) : namedType(tree, projectRoot, input, reader);
  const fields = typeFields(tree, typeFile, type) ?? { fields: [], stringFields: [] };
  if (fields.fields.length > 0 && !fields.fields.includes(eventTime)) {
    fail(`${type} (${typeFile}) has no field "${eventTime}", the event time ${reader.name}(...) reads: give the type it yields with --input <Type>`);
  }
  return { reader: reader.name, type, typeFile, eventTime, ...fields };
}

/**
 * The field a generated query counts by: `key` when given (a string field of the rows), else the
 * first string field after the row's first one (by convention its own id, e.g. `txId`, which
 * would count each row alone).
 *
 * @example
 * groupingKey({ type: 'Transaction', fields: ['txId', 'cardId', 'amount'], stringFields: ['txId', 'cardId'], ... }); // 'cardId'
 */
export function groupingKey(rows: InputRows, key?: string): string {
  const { type, fields, stringFields, eventTime } = rows;
  const choices = stringFields.filter((f) => f !== eventTime);
  if (key !== undefined) {
    if (!IDENTIFIER.test(key)) fail(`--key "${key}" is not a field name: give a string field of ${type}, e.g. ${choices[0] ?? '"deviceId"'}`);
    if (fields.length > 0 && !choices.includes(key)) {
      fail(`--key "${key}" is not a string field of ${type}: use one of ${choices.length > 0 ? choices.join(', ') : '(none found)'}`);
    }
    if (key === eventTime) fail(`--key "${key}" is the event time: count by another field`);
    return key;
  }
  const chosen = choices.find((f) => f !== fields[0]) ?? choices[0];
  if (!chosen) fail(`${type} has no string field to count by: give one with --key <field>`);
  return chosen;
}
