/**
 * Everything `start()` checks and builds before the first batch: options (zod), the output-mode
 * matrix, the sink, the compiled plan, and how to open/close sources and sinks.
 */
import { z } from 'zod';
import { StreamlabError } from '../errors.js';
import { sinkFactory, unknownFormat, type FormatOptions } from '../formats/registry.js';
import { compilePlan, type CompiledPlan } from '../plan/compile.js';
import { validateOutputMode } from '../plan/validate.js';
import type { Clock, Logger, ReadLimit, Sink } from '../ports.js';
import { ConsoleSink } from '../sinks/console-sink.js';
import { ForeachBatchSink } from '../sinks/foreach-batch-sink.js';
import { MemorySink } from '../sinks/memory-sink.js';
import type { WriterConfig } from '../stream/writer-config.js';
import type { MultipleWatermarkPolicy } from '../watermark/tracker.js';
import { parseTrigger, type Trigger } from './trigger.js';

const optionsSchema = z
  .object({
    checkpointLocation: z.string().min(1).optional(),
    numRows: z.coerce.number().int().positive().optional(),
    truncate: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
    maxRowsPerTrigger: z.coerce.number().int().positive().optional(),
    multipleWatermarkPolicy: z.enum(['min', 'max']).optional(),
    // Spark's spark.sql.streaming.noDataMicroBatches.enabled (default true)
    noDataMicroBatches: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
  })
  .passthrough();

export interface PreparedQuery {
  compiled: CompiledPlan;
  sink: Sink<unknown>;
  trigger: Trigger;
  policy: MultipleWatermarkPolicy;
  readLimit: ReadLimit;
  /** Whether no-data batches run (Spark's `noDataMicroBatches.enabled`, default true). */
  noDataBatches: boolean;
  keyFields: readonly string[];
  columns: readonly string[] | undefined;
  checkpointLocation: string | undefined;
  open(id: string, runId: string, logger: Logger): Promise<void>;
  close(): Promise<void>;
}

function bad(code: string, message: string, value: unknown, hint: string): never {
  throw new StreamlabError(code, message, { value, hint });
}

/** What preparing a query needs from the session that starts it (`StreamingSession` fits). */
export interface QueryHost {
  readonly clock: Clock;
  registerMemorySink(name: string, sink: MemorySink): void;
}

function buildSink<T>(cfg: WriterConfig<T>, opts: z.infer<typeof optionsSchema>, session: QueryHost): Sink<unknown> {
  if (cfg.sink) return cfg.sink as Sink<unknown>;
  if (cfg.foreachBatch) return new ForeachBatchSink(cfg.foreachBatch) as Sink<unknown>;
  switch (cfg.format) {
    case 'memory': {
      if (!cfg.queryName)
        bad('MEMORY_SINK_NEEDS_NAME', 'the memory sink needs a query name', cfg.format, "add .queryName('counts') to read it with session.table('counts')");
      const sink = new MemorySink(cfg.queryName);
      session.registerMemorySink(cfg.queryName, sink);
      return sink;
    }
    case 'console':
      return new ConsoleSink({ numRows: opts.numRows, truncate: opts.truncate });
    case undefined:
      return bad(
        'NO_SINK',
        'the query has no sink',
        undefined,
        "call .format('console'), .format('memory').queryName(...), .foreachBatch(fn) or .sink(sink) before start()",
      );
    default: {
      const factory = sinkFactory(cfg.format);
      if (!factory) throw unknownFormat('sink', cfg.format);
      return factory(formatOptions(cfg.options));
    }
  }
}

/** Options the engine reads itself; a sink format never sees them. */
const ENGINE_OPTIONS = new Set(['checkpointLocation', 'maxRowsPerTrigger', 'multipleWatermarkPolicy', 'noDataMicroBatches']);

/** The writer options a registered sink format receives. */
function formatOptions(options: WriterConfig<unknown>['options']): FormatOptions {
  return Object.fromEntries(Object.entries(options).filter(([k]) => !ENGINE_OPTIONS.has(k)));
}

/**
 * @example
 * const prepared = prepareQuery(writerConfig, session);
 */
export function prepareQuery<T>(cfg: WriterConfig<T>, session: QueryHost): PreparedQuery {
  const parsed = optionsSchema.safeParse(cfg.options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    bad(
      'BAD_OPTION',
      `option "${issue.path.join('.')}" is invalid: ${issue.message}`,
      cfg.options,
      'see DataStreamWriter.option for the accepted options and values',
    );
  }
  const opts = parsed.data;
  if (!['append', 'update', 'complete'].includes(cfg.outputMode)) {
    bad('BAD_OUTPUT_MODE', `unknown output mode "${cfg.outputMode}"`, cfg.outputMode, "use 'append', 'update' or 'complete'");
  }
  validateOutputMode(cfg.plan, cfg.outputMode);
  const trigger = parseTrigger(cfg.trigger);
  const sink = buildSink(cfg, opts, session);
  const compiled = compilePlan(cfg.plan);
  const root = cfg.plan as unknown as { keyFields?: readonly string[] };
  const lateSinks = compiled.lateRoutes.map((r) => r.sink);
  const errorSink = cfg.errorSink;
  return {
    compiled,
    sink,
    trigger,
    policy: opts.multipleWatermarkPolicy ?? 'min',
    readLimit: opts.maxRowsPerTrigger ? { kind: 'maxRows', maxRows: opts.maxRowsPerTrigger } : { kind: 'all' },
    noDataBatches: opts.noDataMicroBatches ?? true,
    keyFields: root.keyFields ?? [],
    columns: cfg.plan.outputColumns(),
    checkpointLocation: opts.checkpointLocation,
    async open(id, runId, logger) {
      for (const s of compiled.sources) await s.start?.({ queryId: id, queryName: cfg.queryName, logger, clock: session.clock });
      const ctx = { queryId: id, runId, queryName: cfg.queryName, outputMode: cfg.outputMode, logger };
      await sink.open?.(ctx);
      // late records only ever arrive: a late sink runs in append mode whatever the query's mode
      for (const s of lateSinks) await s.open?.({ ...ctx, outputMode: 'append' });
      await errorSink?.open?.(ctx);
    },
    async close() {
      for (const s of compiled.sources) await s.stop?.();
      for (const s of [sink, ...lateSinks, ...(errorSink ? [errorSink] : [])]) await s.close?.();
    },
  };
}
