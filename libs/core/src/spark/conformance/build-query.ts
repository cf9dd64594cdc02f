/**
 * A conformance case's query built with StreamLab's public API. What the API cannot express
 * throws `Unsupported` (a difference the spec reports); what StreamLab refuses throws its own
 * error (a rejection, compared with Spark's).
 */
import {
  avg,
  count,
  max,
  MemoryStream,
  min,
  sessionWindow,
  staticTable,
  sum,
  window,
  type AggregateSpec,
  type JoinType,
  type Stream,
  type WindowSpec,
} from '../../index.js';
import type { AggArg, Case, GroupByArg, JoinArg, Op, Pipeline, Row } from './dsl.js';

/** The case needs something StreamLab's API does not have. */
export class Unsupported extends Error {}

export interface BuiltQuery {
  inputs: Map<string, MemoryStream<Row>>;
  stream: Stream<Row>;
}

/**
 * @example
 * const { inputs, stream } = buildQuery(c);
 */
export function buildQuery(c: Case): BuiltQuery {
  const inputs = new Map<string, MemoryStream<Row>>();
  // the schema's column names, as Spark's MemoryStream has them from its encoder
  for (const [name, schema] of Object.entries(c.inputs)) inputs.set(name, new MemoryStream<Row>({ name, columns: Object.keys(schema) }));
  return { inputs, stream: pipeline(c, inputs, c.query) };
}

function pipeline(c: Case, inputs: Map<string, MemoryStream<Row>>, ops: Pipeline): Stream<Row> {
  let s: Stream<Row> | undefined;
  for (const op of ops) {
    if ('source' in op) {
      const input = inputs.get(op.source);
      if (!input) throw new Error(`${c.id}: unknown input ${op.source}`);
      s = input.toStream();
      continue;
    }
    if (!s) throw new Error(`${c.id}: a pipeline starts with { source }`);
    s = apply(c, inputs, s, op);
  }
  if (!s) throw new Error(`${c.id}: empty pipeline`);
  return s;
}

function apply(c: Case, inputs: Map<string, MemoryStream<Row>>, s: Stream<Row>, op: Op): Stream<Row> {
  if ('withWatermark' in op) return s.withWatermark(op.withWatermark[0], op.withWatermark[1]);
  if ('select' in op) return s.select(...op.select) as Stream<Row>;
  if ('groupBy' in op) return aggregate(s, op.groupBy, op.agg);
  if ('dropDuplicates' in op) return s.dropDuplicates(...op.dropDuplicates);
  if ('dropDuplicatesWithinWatermark' in op) return s.dropDuplicatesWithinWatermark(...op.dropDuplicatesWithinWatermark);
  if ('join' in op) return join(c, inputs, s, op.join);
  if ('union' in op) return s.union(...op.union.map((p) => pipeline(c, inputs, p)));
  if ('sort' in op) return s.orderBy(...op.sort.map(([column, dir]) => ({ column, desc: dir === 'desc' })));
  throw new Error(`${c.id}: unknown op ${JSON.stringify(op)}`);
}

function aggregate(s: Stream<Row>, by: GroupByArg, aggs: AggArg): Stream<Row> {
  const groups: (string | WindowSpec)[] = [];
  if (by.window) groups.push(window(by.window.col, by.window.size, by.window.slide, by.window.startOffset ?? 0));
  if (by.sessionWindow) groups.push(sessionWindow(by.sessionWindow.col, by.sessionWindow.gap));
  for (const k of by.keys ?? []) groups.push(k);
  const specs: Record<string, AggregateSpec> = {};
  for (const [name, [fn, col]] of Object.entries(aggs)) specs[name] = aggregateSpec(fn, col);
  // The DSL's rows are untyped: the typed overloads of groupBy/agg cannot check them.
  return (s.groupBy(...(groups as never[])) as unknown as { agg(a: unknown): Stream<Row> }).agg(specs);
}

function aggregateSpec(fn: string, col: string | undefined): AggregateSpec {
  const need = (): string => {
    if (col === undefined) throw new Error(`aggregate ${fn} needs a column`);
    return col;
  };
  switch (fn) {
    case 'count':
      return count() as AggregateSpec;
    case 'sum':
      return sum(need()) as AggregateSpec;
    case 'min':
      return min(need()) as AggregateSpec;
    case 'max':
      return max(need()) as AggregateSpec;
    case 'avg':
      return avg(need()) as AggregateSpec;
    default:
      throw new Error(`unknown aggregate ${fn}`);
  }
}

function join(c: Case, inputs: Map<string, MemoryStream<Row>>, s: Stream<Row>, j: JoinArg): Stream<Row> {
  const on = { left: j.on.map((p) => p[0]), right: j.on.map((p) => p[1]) };
  // Passed through as given: StreamLab rejects the types it does not have (BAD_JOIN_TYPE).
  const how = (j.type ?? 'inner') as JoinType;
  if (j.static !== undefined) {
    const table = c.static?.[j.static];
    if (!table) throw new Error(`${c.id}: unknown static table ${j.static}`);
    return s.join(staticTable(table.rows), on, how) as Stream<Row>;
  }
  if (!j.right) throw new Error(`${c.id}: a join needs right or static`);
  const right = pipeline(c, inputs, j.right);
  return s.join(right, on, how, j.timeRange ? { timeRange: j.timeRange } : {}) as Stream<Row>;
}
