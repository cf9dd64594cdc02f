/**
 * What a use case gives the hub: its name (the namespace and the URL path), a title and
 * description for the landing page, how to start its queries, its dashboard, and what its
 * landing tile shows. Apps implement it; the hub discovers them (see `discoverUseCases`).
 */
import type { Logger, StreamingQueryProgress } from '@streamlab/core';
import type { KafkaClient, TopicDeclaration } from '@streamlab/kafka';
import type { Sink } from '@streamlab/core';
import type { LiveHub } from './live-hub.js';
import { queryIds, type LiveQuery, type QueryMap, type RowOf } from './queries.js';
import { socketioSink, type SocketioSinkOptions } from './socketio-sink.js';

/** The part of a running query the hub needs (core's `StreamingQuery` satisfies it). */
export interface QueryHandle {
  readonly id?: string;
  readonly name: string | null | undefined;
  readonly isActive: boolean;
  readonly exception?: unknown;
  readonly recentProgress?: readonly unknown[];
  /** Completed-batch progress (with processing rate and durations), used by the dashboards. */
  on?(event: 'progress', listener: (progress: StreamingQueryProgress) => void): unknown;
  stop(): Promise<void> | void;
}

/** Which broker the hub runs against. */
export interface BrokerInfo {
  /** `embedded`: the in-process log; `local`: Kafka started by `--kafka`; `external`: `KAFKA_BROKERS`. */
  mode: 'embedded' | 'local' | 'external';
  /** `host:port` list for `local` and `external`. */
  brokers?: string;
  /** The Kafka client port of `@streamlab/kafka` (embedded or kafkajs-backed), when available. */
  kafka?: KafkaClient;
}

/** The broker a use case runs on: always with its Kafka client (embedded or kafkajs-backed). */
export interface UseCaseBroker extends BrokerInfo {
  kafka: KafkaClient;
}

export interface UseCaseContext {
  /** The namespace to publish to (`socketioSink({ namespace: ctx.namespace, hub: ctx.hub })`). */
  namespace: string;
  hub: LiveHub;
  logger: Logger;
  /** The broker, with its client: `ctx.broker.kafka.admin.createTopics(...)`, `kafkaSource({ client: ctx.broker.kafka, ... })`. */
  broker: UseCaseBroker;
  /** Aborted when the hub shuts down. */
  signal: AbortSignal;
  /**
   * How fast the use case's simulator runs, when the hub was told (`--rate`, `--speed`): `rate`
   * in events per second of wall time, `speed` the event-time compression (event seconds per
   * wall second). Absent fields keep the use case's demo defaults.
   */
  simulation?: UseCaseSimulation;
}

/** Simulator settings the hub hands each use case (`ctx.simulation`). */
export interface UseCaseSimulation {
  /** Events per second of wall time. */
  rate?: number;
  /** Event-time compression: event seconds per wall second (1 = real time). */
  speed?: number;
}

export interface RunningUseCase {
  queries: QueryHandle[];
  /** Stops what the use case started besides its queries (simulators, producers). */
  stop?(): Promise<void> | void;
}

/** Field names of an alerts query's rows (behaviour as data: the kit reads these fields). */
export interface AlertFields {
  query: string;
  entity: string;
  reason: string;
  /** Event time field (epoch ms, ISO string or Date). */
  time: string;
  /** `critical` | `high` | `medium` | `low` | `info` (anything else shows as `info`). */
  severity?: string;
}

/** The landing page tile: a sparkline of one numeric field over time, and the latest alert. */
export interface TileSpec {
  /**
   * `y` summed per `x` (e.g. per window). `skipLast` leaves out the newest x, a window still
   * filling up, so the line does not dip at its end.
   */
  sparkline: { query: string; x: string; y: string; label: string; skipLast?: boolean };
  alerts?: AlertFields;
}

export interface UseCase {
  /** Lowercase, dashes: the namespace (`/<name>`) and the dashboard path (`/<name>/`). */
  name: string;
  title: string;
  description: string;
  /** Absolute path of the dashboard's browser entry module (TypeScript, bundled by Vite). */
  dashboard: { entry: string };
  tile?: TileSpec;
  /** The ids of the queries it declared with `defineUseCase({ queries })`, in declaration order. */
  queries?: readonly string[];
  /**
   * The Kafka topics it reads and writes under their default names, the inputs with
   * `deadLetters: true` (what `start` hands `useCaseKit`; docs and the app-shape check read it).
   */
  topics?: readonly TopicDeclaration[];
  start(ctx: UseCaseContext): Promise<RunningUseCase> | RunningUseCase;
}

type Field<Q> = keyof RowOf<Q> & string;

/** A tile's sparkline on a declared query: `x` and `y` must be fields of its rows. */
export type TypedSparkline<Q extends QueryMap> = {
  [K in keyof Q]: { query: Q[K]; x: Field<Q[K]>; y: Field<Q[K]>; label: string; skipLast?: boolean };
}[keyof Q];

/** A tile's latest alert from a declared query: the fields must be fields of its rows. */
export type TypedAlertFields<Q extends QueryMap> = {
  [K in keyof Q]: { query: Q[K]; entity: Field<Q[K]>; reason: Field<Q[K]>; time: Field<Q[K]>; severity?: Field<Q[K]> };
}[keyof Q];

/** A use case with typed queries (see `defineQueries`): the tile names them by handle. */
export interface UseCaseDefinition<Q extends QueryMap> extends Omit<UseCase, 'tile' | 'queries'> {
  /** The use case's queries, declared once in a browser-safe module its dashboard imports too. */
  queries: Q;
  tile?: { sparkline: TypedSparkline<Q>; alerts?: TypedAlertFields<Q> };
}

/** What the landing page gets about each use case (`GET /api/use-cases`). */
export interface UseCaseSummary {
  name: string;
  title: string;
  description: string;
  path: string;
  tile: TileSpec | null;
}

/**
 * Declares a use case with its types checked. With `queries` (a `defineQueries` map), the tile
 * names its queries by handle, and a wrong handle or row field is a compile error; the result
 * carries plain ids (`tile.sparkline.query`, `queries`) for the hub.
 *
 * @example
 * export default defineUseCase({
 *   name: 'fraud-detection', title: 'Fraud detection', description: '...', queries,
 *   dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
 *   tile: { sparkline: { query: queries.txRate, x: 'window', y: 'transactions', label: 'tx / 10 s' } },
 *   start: (ctx) => startFraudLive(ctx),
 * });
 */
export function defineUseCase<Q extends QueryMap>(useCase: UseCaseDefinition<Q>): UseCase;
export function defineUseCase(useCase: UseCase): UseCase;
export function defineUseCase(useCase: UseCase | UseCaseDefinition<QueryMap>): UseCase {
  if (!('queries' in useCase) || useCase.queries === undefined || Array.isArray(useCase.queries)) return useCase as UseCase;
  const def = useCase as UseCaseDefinition<QueryMap>;
  const ids = queryIds(def.queries);
  const declared = (q: LiveQuery<object>, where: string): string => {
    if (!ids.includes(q.id)) throw new Error(`use case '${def.name}': ${where} names query '${q.id}', which is not in its queries (${ids.join(', ')})`);
    return q.id;
  };
  const { queries: _queries, tile, ...rest } = def;
  const out: UseCase = { ...rest, queries: ids };
  if (tile) {
    out.tile = { sparkline: { ...tile.sparkline, query: declared(tile.sparkline.query, 'tile.sparkline') } };
    if (tile.alerts) out.tile.alerts = { ...tile.alerts, query: declared(tile.alerts.query, 'tile.alerts') } as AlertFields;
  }
  return out;
}

/**
 * The socket.io sink of a declared query: its name on the wire is the handle's id, its rows the
 * handle's row type (a stream of other rows does not compile).
 *
 * @example
 * stream.writeStream.queryName(queries.alerts.id).sink(liveSink(ctx, queries.alerts)).start();
 */
export function liveSink<Row extends object>(
  ctx: Pick<UseCaseContext, 'namespace' | 'hub'>,
  query: LiveQuery<Row>,
  options: Omit<SocketioSinkOptions, 'namespace' | 'hub' | 'query'> = {},
): Sink<Row> {
  return socketioSink<Row>({ ...options, namespace: ctx.namespace, hub: ctx.hub, query: query.id });
}
