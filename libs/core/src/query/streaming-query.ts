/**
 * A running query (Spark's StreamingQuery): identity, status, progress, and control.
 *
 * @example
 * const q = counts.writeStream.format('console').start();
 * q.on('progress', (p) => log.info({ rows: p.numInputRows }));
 * await q.stop();
 */
import { StreamlabError } from '../errors.js';
import type { StreamingQueryProgress } from '../progress.js';
import type { StreamingQueryStatus } from './listener.js';
import type { MicroBatchRunner } from './micro-batch-runner.js';

/** How many progress objects `recentProgress` keeps (Spark's default). */
const RECENT = 100;

export type ProgressListener = (progress: StreamingQueryProgress) => void;

export class StreamingQuery {
  /** Stable across restarts from the same checkpoint. */
  readonly id: string;
  /** New on every start. */
  readonly runId: string;
  readonly name: string | null;
  private runner: MicroBatchRunner | undefined;
  private done: Promise<void> = Promise.resolve();
  private failure: StreamlabError | undefined;
  private readonly progressList: StreamingQueryProgress[] = [];
  private readonly listeners = new Set<ProgressListener>();
  /** Progress listeners that threw (they never fail the query, as in Spark). */
  listenerErrors = 0;
  /** @internal Where listener failures are reported (the session logs them). */
  onListenerError: ((err: unknown) => void) | undefined;
  private currentStatus: StreamingQueryStatus = { message: 'Initializing sources', isDataAvailable: false, isTriggerActive: false };

  constructor(id: string, runId: string, name: string | undefined) {
    this.id = id;
    this.runId = runId;
    this.name = name ?? null;
  }

  /** @internal Attaches the runner and its completion (the session calls this). */
  attach(runner: MicroBatchRunner, done: Promise<void>): void {
    this.runner = runner;
    this.done = done.catch((e: unknown) => {
      this.failure = e instanceof StreamlabError && e.code === 'QUERY_FAILED' ? e : queryFailed(this.name ?? this.id, e);
      throw this.failure;
    });
    this.done.catch(() => undefined);
  }

  /** @internal */
  recordProgress(p: StreamingQueryProgress): void {
    this.progressList.push(p);
    if (this.progressList.length > RECENT) this.progressList.shift();
    for (const l of this.listeners) {
      try {
        l(p);
      } catch (err) {
        this.listenerErrors += 1;
        this.onListenerError?.(err);
      }
    }
  }

  /** @internal */
  setStatus(status: StreamingQueryStatus): void {
    this.currentStatus = status;
  }

  get isActive(): boolean {
    return this.runner?.isActive ?? false;
  }

  get status(): StreamingQueryStatus {
    return { ...this.currentStatus };
  }

  /** The progress of the last batch, or `null` before the first. */
  get lastProgress(): StreamingQueryProgress | null {
    return this.progressList[this.progressList.length - 1] ?? null;
  }

  /** Up to the last 100 progress objects, oldest first. */
  get recentProgress(): StreamingQueryProgress[] {
    return this.progressList.slice();
  }

  /**
   * The failure that stopped the query, if any: a `QUERY_FAILED` error whose `cause` is what
   * failed (e.g. a checkpoint error with its `CHECKPOINT_*` code).
   *
   * @example
   * (query.exception?.cause as StreamlabError | undefined)?.code; // 'CHECKPOINT_CONCURRENT_WRITE'
   */
  get exception(): StreamlabError | undefined {
    return this.failure;
  }

  /**
   * Subscribes to every batch's progress. Returns an unsubscribe function.
   *
   * @example
   * query.on('progress', (p) => metrics.observe(p.numInputRows));
   */
  on(event: 'progress', listener: ProgressListener): () => void {
    if (event !== 'progress') {
      throw new StreamlabError('BAD_EVENT', `unknown query event "${String(event)}"`, { value: event, hint: "use 'progress'" });
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once every batch the data available so far causes has run (no-data batches
   * included); rejects with the query's `exception` if the query fails.
   *
   * @example
   * words.addData(rows);
   * await query.processAllAvailable();
   */
  async processAllAvailable(): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await this.runner?.processAllAvailable();
    } catch (e) {
      // the run loop failed: reject with the query's exception (QUERY_FAILED, the cause inside), as awaitTermination does
      await this.done.catch(() => undefined);
      throw this.failure ?? e;
    }
    if (this.failure) throw this.failure;
  }

  /**
   * Stops the query after the batch in progress; resolves when it has stopped.
   *
   * @example
   * await query.stop();
   */
  async stop(): Promise<void> {
    this.runner?.stop();
    await this.done.catch(() => undefined);
  }

  /**
   * Resolves when the query stops (rejects with its exception if it failed).
   *
   * @example
   * await query.awaitTermination();
   */
  async awaitTermination(): Promise<void> {
    await this.done;
  }
}

/**
 * The `QUERY_FAILED` error of a query stopped by `cause`. The cause stays in `cause` (a
 * checkpoint error's `CHECKPOINT_*` code is `exception.cause.code`) and its code leads the message.
 */
function queryFailed(query: string, cause: unknown): StreamlabError {
  const coded = cause instanceof StreamlabError ? `${cause.code}: ` : '';
  return new StreamlabError('QUERY_FAILED', `query ${query} failed: ${coded}${(cause as Error)?.message ?? String(cause)}`, {
    cause,
    value: query,
    hint: 'see the cause; fix it and restart the query from its checkpoint',
  });
}
