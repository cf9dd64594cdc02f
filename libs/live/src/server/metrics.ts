/**
 * Prometheus metrics of the live server (prom-client): per query rates, batch durations,
 * watermark lag, late rows and state rows, for every query of every use case (from each
 * completed batch's progress, whether or not a dashboard shows the query); per use case connected
 * clients and messages; Node's process metrics as `streamlab_process_*` and `streamlab_nodejs_*`.
 * Names are stable (dashboards and alerts depend on them).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LiveHub } from '../live-hub.js';
import { summarizeProgress } from '../protocol.js';

export interface LiveMetrics {
  registry: Registry;
  clients: Gauge<'use_case'>;
  messages: Counter<'use_case' | 'kind'>;
  slowClientSkips: Counter<'use_case'>;
  /** Lists a use case's queries before their first batch (their counters at 0), so every query is there from the start. */
  declare(useCase: string, queries: readonly string[]): void;
  /** Stops listening to the hub. */
  dispose(): void;
}

/**
 * The prefix of Node's default metrics: prom-client prepends it to names that already say what
 * they are (`process_cpu_user_seconds_total`, `nodejs_heap_size_used_bytes`), so it is the
 * product's name alone (`streamlab_process_cpu_user_seconds_total`, not `streamlab_process_process_...`).
 */
export const DEFAULT_METRICS_PREFIX = 'streamlab_';

/**
 * Creates the metrics and feeds them from every completed batch of every query the hub records.
 *
 * @example
 * const m = createLiveMetrics(hub);
 * res.type(m.registry.contentType).send(await m.registry.metrics());
 */
export function createLiveMetrics(hub: LiveHub, opts: { defaultMetrics?: boolean } = {}): LiveMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRICS_PREFIX });
  const labelNames = ['use_case', 'query'] as const;
  const inputRate = new Gauge({
    name: 'streamlab_input_rows_per_second',
    help: 'Input rows per second of the last batch (its rows over the time since the previous batch)',
    labelNames,
    registers: [registry],
  });
  const processedRate = new Gauge({
    name: 'streamlab_processed_rows_per_second',
    help: 'Processed rows per second of the last batch (its rows over its own duration: a capacity, not a throughput)',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'streamlab_batch_duration_seconds',
    help: 'Micro-batch duration (triggerExecution)',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lag = new Gauge({
    name: 'streamlab_watermark_lag_seconds',
    help: 'Max event time of the last batch minus its watermark',
    labelNames,
    registers: [registry],
  });
  const late = new Counter({ name: 'streamlab_late_rows_total', help: 'Rows dropped by the watermark', labelNames, registers: [registry] });
  const state = new Gauge({ name: 'streamlab_state_rows', help: 'Rows in state after the last batch', labelNames, registers: [registry] });
  const batches = new Counter({ name: 'streamlab_batches_total', help: 'Micro-batches completed', labelNames, registers: [registry] });
  const input = new Counter({ name: 'streamlab_input_rows_total', help: 'Input rows of the micro-batches', labelNames, registers: [registry] });
  const clients = new Gauge({ name: 'streamlab_live_clients', help: 'Connected dashboard sockets', labelNames: ['use_case'], registers: [registry] });
  const messages = new Counter({
    name: 'streamlab_live_messages_total',
    help: 'Messages broadcast to dashboards',
    labelNames: ['use_case', 'kind'],
    registers: [registry],
  });
  const slowClientSkips = new Counter({
    name: 'streamlab_live_slow_client_skips_total',
    help: 'Times a slow client was skipped until it caught up (it then gets a snapshot)',
    labelNames: ['use_case'],
    registers: [registry],
  });

  const off = hub.onProgress((q, p) => {
    const l = { use_case: q.namespace, query: q.query };
    const s = summarizeProgress(p, p.eventTime.watermark === undefined ? 0 : Date.parse(p.eventTime.watermark));
    inputRate.set(l, s.inputRowsPerSecond);
    processedRate.set(l, s.processedRowsPerSecond);
    duration.observe(l, p.durationMs.triggerExecution / 1000);
    if (s.maxEventTimeMs !== null && s.watermarkMs > 0) lag.set(l, (s.maxEventTimeMs - s.watermarkMs) / 1000);
    // created at 0 for every query, so a query that never dropped a row is listed too
    late.inc(l, s.lateRows);
    state.set(l, s.stateRows);
    batches.inc(l);
    input.inc(l, s.numInputRows);
  });
  return {
    registry,
    clients,
    messages,
    slowClientSkips,
    declare(useCase, queries) {
      for (const query of queries) {
        const l = { use_case: useCase, query };
        late.inc(l, 0);
        batches.inc(l, 0);
        input.inc(l, 0);
      }
    },
    dispose: off,
  };
}
