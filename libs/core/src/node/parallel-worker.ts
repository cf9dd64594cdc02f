/**
 * The thread side of `runParallel` (`parallel.ts`): a session whose coordinator carries the
 * lockstep calls to the main thread, the query module run on it, progress and logs posted back.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../ports.js';
import type { BatchCoordinator, LockstepDecision } from '../query/lockstep.js';
import { StreamingSession } from '../query/session.js';
import type { StreamingQuery } from '../query/streaming-query.js';
import type { WatermarkState } from '../watermark/tracker.js';
import { FileSystemCheckpointFileManager } from './file-system-checkpoint-file-manager.js';
import type { MainMessage, ParallelContext, ParallelQueryDefinition, WorkerInit, WorkerMessage } from './parallel.js';
import './register.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
function forwardingLogger(min: WorkerInit['logLevel'], bindings: Record<string, unknown> = {}): Logger {
  const at = LEVELS.indexOf(min);
  const make = (level: (typeof LEVELS)[number]) =>
    LEVELS.indexOf(level) < at
      ? () => undefined
      : (obj: unknown, msg?: string) => {
          const fields = obj instanceof Error ? { err: { message: obj.message, stack: obj.stack } } : obj;
          post({ t: 'log', level, obj: structuredSafe({ ...bindings, ...(fields as object) }), msg });
        };
  return {
    trace: make('trace'),
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    child: (more) => forwardingLogger(min, { ...bindings, ...more }),
  };
}

/** Log fields that may hold errors or functions, as plain values a message port can copy. */
function structuredSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_k, v) => (v instanceof Error ? { message: v.message, code: (v as { code?: string }).code, stack: v.stack } : v)));
  } catch {
    return { unserializable: String(value) };
  }
}

// One call of each kind is in flight at a time (a worker's runner awaits each), so answers come in order.
const decisions: ((d: LockstepDecision) => void)[] = [];
const merges: ((s: WatermarkState) => void)[] = [];
const sums: ((total: number) => void)[] = [];
const wakes = new Set<() => void>();
let query: StreamingQuery | undefined;
let stopRequested = false;

const coordinator: BatchCoordinator = {
  index: init.index,
  workers: init.workers,
  decide: (local) =>
    new Promise((resolve) => {
      decisions.push(resolve);
      post({ t: 'decide', local });
    }),
  exchangeWatermark: (state) =>
    new Promise((resolve) => {
      merges.push(resolve);
      post({ t: 'watermark', state });
    }),
  sumBacklog: (backlog) =>
    new Promise((resolve) => {
      sums.push(resolve);
      post({ t: 'backlog', backlog });
    }),
  onWake: (listener) => {
    wakes.add(listener);
    return () => wakes.delete(listener);
  },
  leave: () => undefined,
};

port.on('message', (m: MainMessage) => {
  switch (m.t) {
    case 'decided':
      decisions.shift()?.(m.decision);
      break;
    case 'merged':
      merges.shift()?.(m.state);
      break;
    case 'summed':
      sums.shift()?.(m.total);
      break;
    case 'wake':
      for (const w of wakes) w();
      break;
    case 'stop':
      stopRequested = true;
      void query?.stop();
      break;
  }
});

function errorOf(err: unknown): NonNullable<Extract<WorkerMessage, { t: 'ended' }>['error']> {
  const e = err as { message?: string; code?: string; hint?: string; stack?: string; cause?: { message?: string; code?: string; hint?: string } };
  // A query's failure wraps the operator's error: report the one that says what to fix.
  const inner = e?.code === 'QUERY_FAILED' && e.cause ? e.cause : e;
  return {
    message: String(inner?.message ?? err),
    ...(inner?.code ? { code: inner.code } : {}),
    ...(inner?.hint ? { hint: inner.hint } : {}),
    ...(e?.stack ? { stack: e.stack } : {}),
  };
}

async function main(): Promise<void> {
  const logger = forwardingLogger(init.logLevel);
  const session = new StreamingSession({
    logger,
    coordinator,
    ...(init.checkpointFsync ? {} : { checkpointFileManager: new FileSystemCheckpointFileManager({ fsync: false }) }),
  });
  session.streams.addListener({ onQueryProgress: (progress) => post({ t: 'progress', progress }) });
  const definition = ((await import(init.module)) as { default?: ParallelQueryDefinition }).default;
  if (typeof definition !== 'function') {
    throw Object.assign(new Error(`${init.module} has no default export that defines the query`), {
      code: 'PARALLEL_NO_DEFINITION',
      hint: 'export default (ctx) => stream.writeStream...session(ctx.session).start()',
    });
  }
  const ctx: ParallelContext = {
    index: init.index,
    workers: init.workers,
    session,
    shard: { index: init.index, count: init.workers },
    checkpointLocation: init.checkpointLocation === undefined ? undefined : join(init.checkpointLocation, `worker-${init.index}`),
    data: init.data,
    logger,
  };
  query = await definition(ctx);
  post({ t: 'started' });
  if (stopRequested) void query.stop();
  await query.awaitTermination();
}

main().then(
  () => post({ t: 'ended' }),
  (err) => post({ t: 'ended', error: errorOf(err) }),
);
