/**
 * One task of a scale-out instance: input partition `p` (of every input topic) run as its own
 * engine query, with its own operators and state; a query with repartitions runs one engine query
 * per stage (each stage before a repartition writes it, the last one writes the output), each with
 * its own transactional producer, changelogs and task record. Starting a stage: its producer fences
 * the previous owner's (whose open transaction is aborted), its state is restored from partition
 * `p` of its changelogs, then its query starts from the restored batch id, watermark, offsets and
 * state.
 */
import { performance } from 'node:perf_hooks';
import {
  compilePlan,
  type OutputMode,
  type Sink,
  Stream,
  type StreamingQuery,
  type StreamingSession,
  type StateCodec,
  type TriggerOptions,
} from '@streamlab/core';
import type { KafkaClient, KafkaProducer } from '../port.js';
import type { SinkRecord } from '../sink/sink-record.js';
import { changelogTopic, type OperatorRef, taskChangelogTopic, taskTransactionalId } from './names.js';
import { takeLocalState, writeLocalState } from './local-state.js';
import { restorePartition } from './restore.js';
import { TaskCheckpoint, taskRecordKey, type TaskRecord } from './task-checkpoint.js';
import { AutoRepartition } from './auto-repartition.js';
import { separateInputs } from './stage-inputs.js';
import type { TaskContext, TaskContextInternal } from './task-context.js';
import { TaskOutput, TaskSink } from './task-sink.js';

/** How a task restored its state: `rows` changelog records read in `durationMs` (all its stages). */
export interface RestoreStats {
  task: number;
  /** Changelog records read (after what local state files gave). */
  rows: number;
  /** Entries loaded from local state files (0 without `stateDir`, or when none was valid). */
  localRows: number;
  durationMs: number;
  rowsPerSecond: number;
  /** The batch the task's last stage resumes after (`-1`: it never committed one). */
  lastCommittedBatchId: number;
}

/** What a task is built from (the application's definition, shared by its tasks). */
export interface TaskDefinition<T> {
  applicationId: string;
  client: KafkaClient;
  session: StreamingSession;
  codec: StateCodec;
  query: (task: TaskContext) => Stream<T>;
  context: (task: number) => TaskContextInternal;
  /** `auto`: repartition before keyed operators whose input is not partitioned by their key; `manual`: only `task.repartition`. */
  repartition: 'auto' | 'manual';
  outputMode: OutputMode;
  trigger: TriggerOptions | undefined;
  topic: string | undefined;
  toRecord: (row: T) => SinkRecord;
  transactionTimeoutMs: number;
  /** Where clean stops leave local state files (the fast restart path); `undefined`: none. */
  stateDir: string | undefined;
  /** With `stateDir`: also write a file after a committed batch at most this often (0: every batch). */
  stateFileIntervalMs: number;
  /** Restore progress of a starting task: changelog records read so far, and the rate. */
  onRestoring?: (progress: RestoringProgress) => void;
}

/** A starting task's restore so far (event `restoring` of an instance). */
export interface RestoringProgress {
  task: number;
  rows: number;
  rowsPerSecond: number;
}

/** One engine query of a task: the plan, where it writes, and the names of its Kafka state. */
export interface StagePlan {
  /** '' for the last stage; the repartition's name for a stage that writes one. */
  stage: string;
  /** A stage that writes a repartition: its key columns (`[]`: one partition for all; `undefined`: a key function). */
  keyColumns?: readonly string[] | undefined;
  /** A stage that writes a repartition: whether the automatic repartition inserted it. */
  automatic?: boolean;
  stream: Stream<unknown>;
  outputMode: OutputMode;
  topic: string | undefined;
  toRecord: (row: unknown) => SinkRecord;
}

/** The stateful operators of a plan (compiled once, not run), with whether they report their changes. */
export function operatorsOf(stream: Stream<unknown>): (OperatorRef & { pairs: boolean })[] {
  return compilePlan(stream.plan).stateful.map((op) => ({
    operatorId: op.operatorId,
    operatorName: op.operatorName,
    pairs: typeof op.stateChanges === 'function',
  }));
}

/**
 * The stages of a definition for `task`: each repartition's upstream (append mode, written keyed
 * to its topic: those of `task.repartition` first, then the automatic ones), then the query itself.
 */
export function stagesOf<T>(
  def: Pick<TaskDefinition<T>, 'query' | 'context' | 'outputMode' | 'topic' | 'toRecord' | 'repartition'>,
  task: number,
): StagePlan[] {
  const ctx = def.context(task);
  let last = def.query(ctx) as Stream<unknown>;
  const upstreams = ctx.stages.map((s) => s.upstream);
  if (def.repartition === 'auto') {
    const planner = new AutoRepartition(ctx);
    const explicit = upstreams.length;
    for (let i = 0; i < explicit; i++) upstreams[i] = new Stream(planner.rewrite(upstreams[i]!.plan));
    last = new Stream(planner.rewrite(last.plan));
    for (let i = explicit; i < ctx.stages.length; i++) upstreams.push(ctx.stages[i]!.upstream);
  }
  const stages: StagePlan[] = [
    ...ctx.stages.map((r, i) => ({
      stage: r.name,
      keyColumns: r.keyColumns,
      automatic: r.automatic,
      stream: upstreams[i]!,
      outputMode: 'append' as const,
      topic: r.topic,
      toRecord: (row: unknown): SinkRecord => ({ key: r.key(row), value: row }),
    })),
    { stage: '', stream: last, outputMode: def.outputMode, topic: def.topic, toRecord: def.toRecord as (row: unknown) => SinkRecord },
  ];
  return separateInputs(stages, (source) => ctx.copySource(source));
}

interface RunningStage {
  stage: string;
  query: StreamingQuery;
  producer: KafkaProducer;
  checkpoint: TaskCheckpoint;
  rows: number;
  localRows: number;
  lastCommittedBatchId: number;
}

export class Task {
  private constructor(
    private readonly def: TaskDefinition<unknown>,
    readonly task: number,
    private readonly stages: RunningStage[],
    readonly restore: RestoreStats,
  ) {}

  /** The engine query of the last stage (its progress is the task's). */
  get query(): StreamingQuery {
    return this.stages[this.stages.length - 1]!.query;
  }

  /**
   * Fences the previous owner, restores, and starts the task's queries.
   *
   * @example
   * const t = await Task.start(definition, 3);
   */
  static async start<T>(def: TaskDefinition<T>, task: number): Promise<Task> {
    const t0 = performance.now();
    const started: RunningStage[] = [];
    try {
      for (const plan of stagesOf(def, task)) started.push(await startStage(def as TaskDefinition<unknown>, task, plan));
    } catch (err) {
      await Promise.all(started.map((s) => s.query.stop().then(() => s.producer.close().catch(() => undefined))));
      throw err;
    }
    const durationMs = performance.now() - t0;
    const rows = started.reduce((n, s) => n + s.rows, 0);
    return new Task(def as TaskDefinition<unknown>, task, started, {
      task,
      rows,
      localRows: started.reduce((n, s) => n + s.localRows, 0),
      durationMs: Math.round(durationMs),
      rowsPerSecond: durationMs > 0 ? Math.round((rows * 1000) / durationMs) : 0,
      lastCommittedBatchId: started[started.length - 1]!.lastCommittedBatchId,
    });
  }

  /**
   * Stops after the batches in progress (their transactions commit or fail), leaves local state
   * files for stages that stopped right after a commit (with `stateDir`), closes the producers.
   */
  async stop(): Promise<void> {
    await Promise.all(this.stages.map((s) => s.query.stop()));
    const dir = this.def.stateDir;
    if (dir !== undefined) {
      for (const s of this.stages) {
        const state = s.query.exception ? undefined : s.checkpoint.localState();
        if (state) writeLocalState(dir, this.def.applicationId, s.stage, this.task, state);
      }
    }
    await this.close();
  }

  /** Resolves when a stage's query ends by itself (rejects with its exception); the others are then stopped. */
  async terminated(): Promise<void> {
    try {
      await Promise.race(this.stages.map((s) => s.query.awaitTermination()));
    } finally {
      await Promise.all(this.stages.map((s) => s.query.stop()));
    }
  }

  /** Closes the producers after the queries ended. */
  async close(): Promise<void> {
    await Promise.all(this.stages.map((s) => s.producer.close().catch(() => undefined)));
  }
}

async function startStage(def: TaskDefinition<unknown>, task: number, plan: StagePlan): Promise<RunningStage> {
  const producer = def.client.producer({
    transactionalId: taskTransactionalId(def.applicationId, task, plan.stage),
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeoutMs: def.transactionTimeoutMs,
  });
  try {
    await producer.connect(); // fences the previous owner; its open transaction is aborted
    const operators = operatorsOf(plan.stream);
    const taskTopic = taskChangelogTopic(def.applicationId);
    const local = def.stateDir === undefined ? undefined : takeLocalState(def.stateDir, def.applicationId, plan.stage, task);
    const topics = [taskTopic, ...operators.map((op) => changelogTopic(def.applicationId, op, plan.stage))];
    const t0 = performance.now();
    const { restored, localRows } = await restorePartition(def.client, topics, task, local, (rows) => {
      const ms = performance.now() - t0;
      def.onRestoring?.({ task, rows, rowsPerSecond: ms > 0 ? Math.round((rows * 1000) / ms) : 0 });
    });
    const text = restored.get(taskTopic)!.latestValue(taskRecordKey(plan.stage));
    const record = text === undefined ? undefined : (JSON.parse(text) as TaskRecord);
    let rows = 0;
    for (const [topic, r] of restored) if (topic !== taskTopic) rows += r.rows;
    const output = new TaskOutput();
    const checkpoint = new TaskCheckpoint({
      applicationId: def.applicationId,
      task,
      stage: plan.stage,
      operators,
      producer,
      output,
      codec: def.codec,
      logger: def.session.logger,
      record,
      restored,
    });
    let writer = plan.stream.writeStream
      .outputMode(plan.outputMode)
      .queryName(checkpoint.queryId)
      .sink(new TaskSink(def.client, output, plan.topic, plan.toRecord) as Sink<unknown>)
      .externalCheckpoint(checkpoint)
      .session(def.session);
    if (def.trigger) writer = writer.trigger(def.trigger);
    const query = writer.start();
    const dir = def.stateDir;
    if (dir !== undefined) {
      // Progress comes right after a batch committed and before the next starts: the state is the
      // committed one, so a file written now is valid after a crash too.
      let last = performance.now();
      query.on('progress', () => {
        if (performance.now() - last < def.stateFileIntervalMs) return;
        last = performance.now();
        const state = checkpoint.localState();
        if (state) writeLocalState(dir, def.applicationId, plan.stage, task, state);
      });
    }
    return { stage: plan.stage, query, producer, checkpoint, rows, localRows, lastCommittedBatchId: record?.batchId ?? -1 };
  } catch (err) {
    await producer.close().catch(() => undefined);
    throw err;
  }
}
