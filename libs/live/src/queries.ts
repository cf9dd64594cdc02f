/**
 * A use case's queries, declared once as typed handles (id + row type). Browser-safe: no imports,
 * so a use case's `queries.ts` can be imported by its server-side start (query names, sinks) and by
 * its dashboard (`@streamlab/live/browser`) alike, and no query name is a string repeated in files.
 */

/** A query of a use case: its id (the query name on the wire) and, as a type only, its rows. */
export interface LiveQuery<Row extends object = Record<string, unknown>, Id extends string = string> {
  readonly id: Id;
  /** Phantom: carries the row type; never set at run time. */
  readonly __row?: Row;
}

/** Anything that names a query: its id, or its typed handle. */
export type QueryRef = string | LiveQuery<object>;

/**
 * A field of a query's rows, as the dashboard kit takes it: a field name or a dotted path into one
 * (`window.start`). With rows of unknown shape (a query named by id), any string.
 */
export type FieldOf<Row> = NoInfer<string extends keyof Row ? string : (keyof Row & string) | `${keyof Row & string}.${string}`>;

/** A query named by its handle (the kit then checks fields against its rows) or by its id. */
export type QueryOf<Row extends object> = LiveQuery<Row> | string;

/** The rows of a query handle. */
export type RowOf<Q> = Q extends LiveQuery<infer Row> ? Row : never;

/** A use case's query declarations (`defineQueries({ alerts: query<AlertRow>('alerts') })`). */
export type QueryMap = Readonly<Record<string, LiveQuery<object>>>;

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * A typed query handle.
 *
 * @example
 * const alerts = query<AlertRow>('fraud-alerts'); // alerts.id === 'fraud-alerts'
 */
export function query<Row extends object, Id extends string = string>(id: Id): LiveQuery<Row, Id> {
  if (!ID.test(id)) throw new Error(`query id '${id}' must be 1-100 letters, digits, '.', '_' or '-'`);
  return Object.freeze({ id });
}

/**
 * Declares a use case's queries once; ids must be unique.
 *
 * @example
 * export const queries = defineQueries({ alerts: query<AlertRow>('alerts'), rates: query<RateRow>('tx-rate') });
 */
export function defineQueries<Q extends QueryMap>(queries: Q): Q {
  const seen = new Map<string, string>();
  for (const [key, q] of Object.entries(queries)) {
    const other = seen.get(q.id);
    if (other !== undefined) throw new Error(`queries '${other}' and '${key}' have the same id '${q.id}'`);
    seen.set(q.id, key);
  }
  return Object.freeze({ ...queries });
}

/**
 * The id of a query reference.
 *
 * @example
 * queryId(queries.alerts); // 'alerts'
 * queryId('alerts'); // 'alerts'
 */
export function queryId(ref: QueryRef): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/**
 * The ids of a query map, in declaration order (e.g. for the health panel).
 *
 * @example
 * queryIds(queries); // ['alerts', 'tx-rate']
 */
export function queryIds(queries: QueryMap): string[] {
  return Object.values(queries).map((q) => q.id);
}
