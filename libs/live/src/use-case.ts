/**
 * What a use case gives the hub: its name (the namespace and the URL path), a title and
 * description for the landing page, how to start its queries, its dashboard, and what its
 * landing tile shows. Apps implement it; the hub discovers them (see `discoverUseCases`).
 */
import type { Logger, StreamingQueryProgress } from '@streamlab/core';
import type { KafkaClient } from '@streamlab/kafka';
import type { LiveHub } from './live-hub.js';

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
  start(ctx: UseCaseContext): Promise<RunningUseCase> | RunningUseCase;
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
 * Declares a use case with its types checked (an identity function).
 *
 * @example
 * export default defineUseCase({
 *   name: 'fraud-detection', title: 'Fraud detection', description: '...',
 *   dashboard: { entry: new URL('./dashboard/main.ts', import.meta.url).pathname },
 *   start: (ctx) => ({ queries: startPipelines(ctx) }),
 * });
 */
export function defineUseCase(useCase: UseCase): UseCase {
  return useCase;
}
