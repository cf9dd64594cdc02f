/**
 * `runParallel`: one query on several cores, as Spark's `local[N]` runs a micro-batch as N tasks.
 * Each worker is a thread with its own session that runs the query module over its share of the
 * input partitions (`ctx.shard`) with its own state and checkpoint (`<checkpointLocation>/worker-<i>`);
 * the workers run their batches in lockstep and share one watermark (`query/lockstep.ts`), so the
 * results, the late drops and the moments windows close are those of one query over all partitions.
 *
 * The query must be partitioned by its keys: every keyed operator (aggregation, dedup, session
 * window, group state, stream-stream join) must find all rows of a key in one input partition,
 * declared with the source's `partitionedBy` (a worker refuses the query otherwise:
 * `PARALLEL_NOT_PARTITIONED`). Rows never cross threads; per batch the workers exchange a decision
 * and a watermark.
 *
 * @example
 * // counts.ts
 * export default (ctx: ParallelContext) =>
 *   Stream.fromSource(kafkaSource({ subscribe: 'tx', decode: decodeJson(Tx), partitionedBy: 'cardId', shard: ctx.shard }))
 *     .withWatermark('ts', '1 minute').groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count() })
 *     .writeStream.option('checkpointLocation', ctx.checkpointLocation!).sink(sink).session(ctx.session).start();
 * // main.ts
 * const q = runParallel({ module: new URL('./counts.ts', import.meta.url), workers: 2, checkpointLocation: '/var/lib/counts' });
 * await q.awaitTermination();
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StreamlabError } from '../errors.js';
import { noopLogger, type Logger } from '../ports.js';
import type { StreamingQueryProgress } from '../progress.js';
import { LockstepHub, type LocalCheck, type LockstepDecision } from '../query/lockstep.js';
import type { StreamingQuery } from '../query/streaming-query.js';
import type { StreamingSession } from '../query/session.js';
import type { WatermarkState } from '../watermark/tracker.js';

/** What a worker's query definition gets. */
export interface ParallelContext<D = unknown> {
  /** This worker's number, from 0. */
  index: number;
  workers: number;
  /** The worker's session: start the query on it (`.session(ctx.session)`). */
  session: StreamingSession;
  /** This worker's share of each source's partitions (`kafkaSource({ shard })`): partition `p` when `p % count === index`. */
  shard: { index: number; count: number };
  /** `<checkpointLocation>/worker-<index>`, when `runParallel` was given a checkpoint location. */
  checkpointLocation: string | undefined;
  /** `runParallel`'s `data` (copied to each thread: plain values only). */
  data: D;
  /** Logs to `runParallel`'s logger, with `worker: index`. */
  logger: Logger;
}

/** The default export of a parallel query's module: starts the query on `ctx.session` and returns it. */
export type ParallelQueryDefinition<D = unknown> = (ctx: ParallelContext<D>) => StreamingQuery | Promise<StreamingQuery>;

export interface ParallelOptions<D = unknown> {
  /** The module (path or URL; `.ts` runs through tsx) whose default export is a `ParallelQueryDefinition`. */
  module: string | URL;
  /** Threads, one per core; default `os.availableParallelism()`. A checkpoint keeps its count. */
  workers?: number;
  /** Each worker checkpoints in `<checkpointLocation>/worker-<i>`; `parallel.json` records the count. */
  checkpointLocation?: string;
  /** Passed to every worker's definition as `ctx.data` (structured-cloned). */
  data?: D;
  /** Where workers log (each line with `worker`); only `logLevel` and above cross threads. */
  logger?: Logger;
  /** Default `info`. */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** Whether checkpoint files are fsynced (default true; `false` as Spark's local disk and Kafka Streams' at-least-once). */
  checkpointFsync?: boolean;
}

/** Worker → main. */
export type WorkerMessage =
  | { t: 'decide'; local: LocalCheck }
  | { t: 'watermark'; state: WatermarkState }
  | { t: 'backlog'; backlog: number }
  | { t: 'started' }
  | { t: 'progress'; progress: StreamingQueryProgress }
  | { t: 'log'; level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; obj: unknown; msg: string | undefined }
  | { t: 'ended'; error?: { message: string; code?: string; hint?: string; stack?: string } };

/** Main → worker. */
export type MainMessage =
  | { t: 'decided'; decision: LockstepDecision }
  | { t: 'merged'; state: WatermarkState }
  | { t: 'summed'; total: number }
  | { t: 'wake' }
  | { t: 'stop' };

/** What each worker thread is started with. */
export interface WorkerInit {
  index: number;
  workers: number;
  module: string;
  checkpointLocation: string | undefined;
  data: unknown;
  logLevel: NonNullable<ParallelOptions['logLevel']>;
  checkpointFsync: boolean;
  /** The worker's own code, and tsx's API when it must load TypeScript. */
  entry: string;
  tsx: string | undefined;
  /** The threads' Node options when they differ from the process's (the workspace's `development` condition). */
  execArgv?: string[];
}

const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((err) => { setImmediate(() => { throw err; }); });
`;

/** A query run by `runParallel`: its workers' progress, stop and end. */
export class ParallelQuery {
  readonly workers: number;
  /** Resolves when every worker has started its query; rejects if one failed first. */
  readonly started: Promise<void>;
  private readonly threads: Worker[] = [];
  private readonly hub: LockstepHub;
  private readonly listeners = new Set<(progress: StreamingQueryProgress, worker: number) => void>();
  private readonly last: (StreamingQueryProgress | undefined)[];
  private readonly done: Promise<void>;
  private failure: Error | undefined;
  private stopping = false;

  /** @internal use `runParallel` */
  constructor(init: Omit<WorkerInit, 'index'>, logger: Logger) {
    this.workers = init.workers;
    this.hub = new LockstepHub(init.workers);
    this.last = Array.from({ length: init.workers }, () => undefined);
    let startedCount = 0;
    let resolveStarted!: () => void;
    let rejectStarted!: (e: unknown) => void;
    this.started = new Promise((res, rej) => {
      resolveStarted = res;
      rejectStarted = rej;
    });
    this.started.catch(() => undefined);
    const exits: Promise<void>[] = [];
    for (let index = 0; index < init.workers; index++) {
      const log = logger.child({ worker: index });
      const thread = new Worker(BOOT, {
        eval: true,
        workerData: { ...init, index } satisfies WorkerInit,
        ...(init.execArgv ? { execArgv: init.execArgv } : {}),
      });
      this.threads.push(thread);
      const post = (m: MainMessage) => thread.postMessage(m);
      this.hub.participant(index).onWake(() => post({ t: 'wake' }));
      thread.on('message', (m: WorkerMessage) => {
        switch (m.t) {
          case 'decide':
            void this.hub.decide(index, m.local).then((decision) => post({ t: 'decided', decision }));
            break;
          case 'watermark':
            void this.hub.exchangeWatermark(index, m.state).then((state) => post({ t: 'merged', state }));
            break;
          case 'backlog':
            void this.hub.sumBacklog(index, m.backlog).then((total) => post({ t: 'summed', total }));
            break;
          case 'started':
            if (++startedCount === init.workers) resolveStarted();
            break;
          case 'progress':
            this.last[index] = m.progress;
            for (const l of this.listeners) l(m.progress, index);
            break;
          case 'log':
            log[m.level](m.obj, m.msg);
            break;
          case 'ended':
            if (m.error) this.fail(index, m.error);
            this.end();
            // The query has closed its sources and sinks; the thread holds nothing else of ours.
            void thread.terminate();
            break;
        }
      });
      thread.on('error', (err) => {
        this.fail(index, { message: err.message, code: (err as StreamlabError).code, hint: (err as StreamlabError).hint, stack: err.stack });
        this.end();
      });
      exits.push(new Promise((resolve) => thread.once('exit', () => resolve())));
    }
    this.done = Promise.all(exits).then(() => {
      this.hub.stop();
      if (this.failure) {
        rejectStarted(this.failure);
        throw this.failure;
      }
      rejectStarted(new StreamlabError('PARALLEL_STOPPED', 'the parallel query stopped before all workers started'));
    });
    this.done.catch(() => undefined);
  }

  /** Calls `listener` with every worker's progress after each of its batches. Returns the unsubscribe. */
  onProgress(listener: (progress: StreamingQueryProgress, worker: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Each worker's last progress. */
  get lastProgress(): readonly (StreamingQueryProgress | undefined)[] {
    return this.last;
  }

  /** Stops every worker's query (each ends after its batch in flight) and waits for the threads to end. */
  async stop(): Promise<void> {
    this.end();
    await this.done.catch(() => undefined);
  }

  /** Resolves when every worker has ended; rejects with the first worker's failure. */
  awaitTermination(): Promise<void> {
    return this.done;
  }

  private fail(index: number, e: NonNullable<Extract<WorkerMessage, { t: 'ended' }>['error']>): void {
    if (this.failure) return;
    const message = e.hint && e.message.endsWith(` (${e.hint})`) ? e.message.slice(0, -(e.hint.length + 3)) : e.message;
    this.failure = new StreamlabError(e.code ?? 'PARALLEL_WORKER_FAILED', `parallel worker ${index}: ${message}`, {
      value: index,
      hint: e.hint ?? 'see the worker logs',
    });
    if (e.stack) this.failure.stack = `${this.failure.name}: ${this.failure.message}\n(worker ${index}) ${e.stack}`;
  }

  /** One worker ending ends them all: the hub answers stop, and every worker is asked to stop. */
  private end(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.hub.stop();
    for (const t of this.threads) t.postMessage({ t: 'stop' } satisfies MainMessage);
  }
}

/**
 * Starts `workers` threads, each running the module's query over its share of the partitions.
 *
 * @example
 * const q = runParallel({ module: './counts.ts', workers: 2, checkpointLocation: '/tmp/counts' });
 * q.onProgress((p, worker) => console.log(worker, p.batchId, p.numInputRows));
 */
export function runParallel<D>(options: ParallelOptions<D>): ParallelQuery {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new StreamlabError('PARALLEL_BAD_WORKERS', `runParallel: workers must be a whole number of at least 1 (got ${workers})`, {
      value: workers,
      hint: 'e.g. workers: 2, one per core',
    });
  }
  const module = moduleUrl(options.module);
  if (options.checkpointLocation !== undefined) checkWorkerCount(options.checkpointLocation, workers);
  const own = import.meta.url;
  const entry = new URL(`./parallel-worker${own.endsWith('.ts') ? '.ts' : '.js'}`, own).href;
  const needsTsx = entry.endsWith('.ts') || /\.[mc]?tsx?$/.test(module);
  let tsx: string | undefined;
  if (needsTsx) {
    try {
      tsx = import.meta.resolve('tsx/esm/api');
    } catch {
      throw new StreamlabError('PARALLEL_NO_TSX', `runParallel: ${module} is TypeScript and the tsx package is not installed`, {
        value: module,
        hint: 'npm install tsx, or build the module to JavaScript',
      });
    }
  }
  // Running from sources (tsx, vitest): the threads resolve the workspace's packages to their
  // sources too, as the process does, even when it got that from a bundler rather than a flag.
  const conditions = process.execArgv.some((a) => a.startsWith('--conditions') || a === '-C');
  const execArgv = own.endsWith('.ts') && !conditions ? [...process.execArgv, '--conditions=development'] : undefined;
  return new ParallelQuery(
    {
      ...(execArgv ? { execArgv } : {}),
      workers,
      module,
      checkpointLocation: options.checkpointLocation,
      data: options.data,
      logLevel: options.logLevel ?? 'info',
      checkpointFsync: options.checkpointFsync ?? true,
      entry,
      tsx,
    },
    options.logger ?? noopLogger,
  );
}

function moduleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) return module;
  const path = module.startsWith('/') ? module : join(process.cwd(), module);
  if (!existsSync(path)) {
    throw new StreamlabError('PARALLEL_NO_MODULE', `runParallel: no module at ${path}`, {
      value: module,
      hint: 'give the query module as a path (relative to the working directory) or new URL("./query.ts", import.meta.url)',
    });
  }
  return pathToFileURL(path).href;
}

/** A checkpoint keeps the worker count it was written with: state is split by `partition % workers`. */
function checkWorkerCount(location: string, workers: number): void {
  const file = join(location, 'parallel.json');
  if (existsSync(file)) {
    const had = (JSON.parse(readFileSync(file, 'utf8')) as { workers?: number }).workers;
    if (had !== workers) {
      throw new StreamlabError(
        'PARALLEL_WORKERS_CHANGED',
        `runParallel: the checkpoint at ${location} was written by ${had} workers; this run asks for ${workers}`,
        {
          value: { checkpoint: had, asked: workers },
          hint: `run with workers: ${had} (its state is split by partition % ${had}), or use a new checkpointLocation`,
        },
      );
    }
    return;
  }
  mkdirSync(location, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ version: 1, workers })}\n`);
}
