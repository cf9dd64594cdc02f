/**
 * One task of a scale-out instance: input partition `p` (of every input topic) run as its own
 * engine query, with its own operators and state. Starting a task: its transactional producer
 * fences the previous owner (whose open transaction is aborted), the state is restored from
 * partition `p` of the changelogs, then the query starts from the restored batch id, watermark,
 * offsets and state.
 */
import { performance } from 'node:perf_hooks';
import { compilePlan, type OutputMode, type Stream, type StreamingQuery, type StreamingSession, type StateCodec, type TriggerOptions } from '@streamlab/core';
import type { KafkaClient, KafkaProducer } from '../port.js';
import type { SinkRecord } from '../sink/sink-record.js';
import { changelogTopic, type OperatorRef, taskChangelogTopic, taskTransactionalId } from './names.js';
import { restorePartition } from './restore.js';
import { TaskCheckpoint, type TaskRecord } from './task-checkpoint.js';
import { TaskOutput, TaskSink } from './task-sink.js';
import type { TaskContext } from './task-context.js';

/** How a task restored its state: `rows` changelog records read in `durationMs`. */
export interface RestoreStats {
  task: number;
  rows: number;
  durationMs: number;
  rowsPerSecond: number;
  /** The batch the task resumes after (`-1`: it never committed one). */
  lastCommittedBatchId: number;
}

/** What a task is built from (the application's definition, shared by its tasks). */
export interface TaskDefinition<T> {
  applicationId: string;
  client: KafkaClient;
  session: StreamingSession;
  codec: StateCodec;
  query: (task: TaskContext) => Stream<T>;
  context: (task: number) => TaskContext;
  outputMode: OutputMode;
  trigger: TriggerOptions | undefined;
  topic: string | undefined;
  toRecord: (row: T) => SinkRecord;
  transactionTimeoutMs: number;
}

/** The stateful operators of a plan (compiled once, not run), with whether they report their changes. */
export function operatorsOf(stream: Stream<unknown>): (OperatorRef & { pairs: boolean })[] {
  return compilePlan(stream.plan).stateful.map((op) => ({
    operatorId: op.operatorId,
    operatorName: op.operatorName,
    pairs: typeof op.stateChanges === 'function',
  }));
}

export class Task {
  private constructor(
    readonly task: number,
    readonly query: StreamingQuery,
    readonly restore: RestoreStats,
    private readonly producer: KafkaProducer,
  ) {}

  /**
   * Fences the previous owner, restores, and starts the task's query.
   *
   * @example
   * const t = await Task.start(definition, 3);
   */
  static async start<T>(def: TaskDefinition<T>, task: number): Promise<Task> {
    const t0 = performance.now();
    const producer = def.client.producer({
      transactionalId: taskTransactionalId(def.applicationId, task),
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeoutMs: def.transactionTimeoutMs,
    });
    try {
      await producer.connect(); // fences the previous owner; its open transaction is aborted
      const stream = def.query(def.context(task));
      const operators = operatorsOf(stream as Stream<unknown>);
      const topics = [taskChangelogTopic(def.applicationId), ...operators.map((op) => changelogTopic(def.applicationId, op))];
      const restored = await restorePartition(def.client, topics, task);
      const taskLog = restored.get(taskChangelogTopic(def.applicationId))!;
      const record = taskRecordOf(taskLog.latestValue('task'));
      let rows = 0;
      for (const r of restored.values()) rows += r.rows;
      const durationMs = performance.now() - t0;
      const restore: RestoreStats = {
        task,
        rows,
        durationMs: Math.round(durationMs),
        rowsPerSecond: durationMs > 0 ? Math.round((rows * 1000) / durationMs) : 0,
        lastCommittedBatchId: record?.batchId ?? -1,
      };
      const output = new TaskOutput();
      const checkpoint = new TaskCheckpoint({
        applicationId: def.applicationId,
        task,
        operators,
        producer,
        output,
        codec: def.codec,
        logger: def.session.logger,
        record,
        restored,
      });
      let writer = stream.writeStream
        .outputMode(def.outputMode)
        .queryName(checkpoint.queryId)
        .sink(new TaskSink(def.client, output, def.topic, def.toRecord))
        .externalCheckpoint(checkpoint)
        .session(def.session);
      if (def.trigger) writer = writer.trigger(def.trigger);
      return new Task(task, writer.start(), restore, producer);
    } catch (err) {
      await producer.close().catch(() => undefined);
      throw err;
    }
  }

  /** Stops after the batch in progress (its transaction commits or fails), then closes the producer. */
  async stop(): Promise<void> {
    await this.query.stop();
    await this.producer.close().catch(() => undefined);
  }

  /** Resolves when the query ends by itself (rejects with its exception). */
  terminated(): Promise<void> {
    return this.query.awaitTermination();
  }

  /** Closes the producer after the query ended by itself. */
  async close(): Promise<void> {
    await this.producer.close().catch(() => undefined);
  }
}

function taskRecordOf(text: string | undefined): TaskRecord | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as TaskRecord);
}
