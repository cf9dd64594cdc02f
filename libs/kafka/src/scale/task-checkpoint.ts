/**
 * A scale-out task's checkpoint, kept in Kafka (the engine's `ExternalCheckpoint`): its resume
 * point is restored from the task's partition of the changelog topics, and each batch becomes
 * durable in ONE transaction of the task's producer that holds the batch's output records, its
 * dead letters, the changelog records of every stateful operator, the task record (batch id,
 * watermark, source offsets) and the input offsets (`sendOffsets` to the application's group).
 * A `read_committed` reader sees all of a batch or none of it, whichever process ran it.
 */
import {
  StreamlabError,
  type CheckpointableOperator,
  type ExternalCheckpoint,
  type Logger,
  type Offset,
  type OffsetEntry,
  type StateCodec,
  type StateSnapshot,
  type WatermarkState,
} from '@streamlab/core';
import type { KafkaProducer, OutgoingRecord, TopicPartitionOffset } from '../port.js';
import { ChangelogWriter, type ChangelogRestore } from './changelog.js';
import { changelogTopic, type OperatorRef, taskChangelogTopic } from './names.js';
import type { LocalState } from './local-state.js';
import type { TaskOutput } from './task-sink.js';

type ResumePoint = ReturnType<ExternalCheckpoint['resumePoint']>;
type AfterBatch = ExternalCheckpoint['afterBatch'];

/** The task record: what a task needs beyond keyed state to resume exactly (key `task` in `<app>-task-changelog`). */
export interface TaskRecord {
  /** The last committed batch. */
  batchId: number;
  /** The end offsets of that batch, by source position (the next batch starts there). */
  committed: (Offset | null)[];
  /** The watermark that batch ran with. */
  batchWatermarkMs: number;
  /** The watermark tracker after that batch (the next batch's watermark). */
  watermark: WatermarkState;
}

export interface TaskCheckpointOptions {
  applicationId: string;
  task: number;
  /** '' for the query's last stage; a repartition's name for the stage that writes it. */
  stage: string;
  operators: readonly (OperatorRef & { pairs: boolean })[];
  producer: KafkaProducer;
  output: TaskOutput;
  codec: StateCodec;
  logger: Logger;
  /** Restored from the changelogs (absent for a task that never committed). */
  record: TaskRecord | undefined;
  restored: ReadonlyMap<string, ChangelogRestore>;
}

export class TaskCheckpoint implements ExternalCheckpoint {
  readonly queryId: string;
  private readonly writers: Map<number, ChangelogWriter>;
  private entry: OffsetEntry | undefined;
  /** The operators of the running query (from the last batch), for a local state file at a clean stop. */
  private operators: readonly CheckpointableOperator[] = [];
  /** Changelog topic -> the offset after the last committed transaction's records in partition `task`. */
  private ends = new Map<string, number>();
  /** Whether the last batch committed and no batch started since. */
  private clean = false;
  private lastRecord: TaskRecord | undefined;
  private readonly initial: Record<string, Offset> = {};

  private readonly changelogs: Set<string>;

  constructor(private readonly opts: TaskCheckpointOptions) {
    this.queryId = `${opts.applicationId}-${opts.stage === '' ? '' : `${opts.stage}-`}task-${opts.task}`;
    this.changelogs = new Set([taskChangelogTopic(opts.applicationId), ...opts.operators.map((op) => changelogTopic(opts.applicationId, op, opts.stage))]);
    this.writers = new Map(
      opts.operators.map((op) => {
        const topic = changelogTopic(opts.applicationId, op, opts.stage);
        const w = new ChangelogWriter(topic, opts.task, opts.codec);
        if (!op.pairs) w.seed(opts.restored.get(topic)?.keys() ?? []);
        return [op.operatorId, w];
      }),
    );
  }

  resumePoint(_policy: unknown, sourceCount: number): ResumePoint {
    const { record, restored, operators, applicationId, codec } = this.opts;
    const version = record ? record.batchId + 1 : 0;
    const snapshots = new Map<number, StateSnapshot>();
    if (record) {
      for (const op of operators) {
        const r = restored.get(changelogTopic(applicationId, op, this.opts.stage));
        if (r) snapshots.set(op.operatorId, r.snapshot(op.operatorId, version, codec, op.pairs));
      }
    }
    return {
      nextBatchId: version,
      committed: Array.from({ length: sourceCount }, (_, i) => record?.committed[i] ?? null),
      watermark: record?.watermark,
      previousBatchWatermarkMs: record?.batchWatermarkMs,
      operatorState: (id) => snapshots.get(id),
    };
  }

  initialOffsets(): ReturnType<ExternalCheckpoint['initialOffsets']> {
    const saved = this.initial;
    return {
      load: (_i, source) => (Object.hasOwn(saved, source.description) ? saved[source.description] : undefined),
      save: (_i, source, offset) => void (saved[source.description] = offset),
    };
  }

  async beforeBatch(_batchId: number, entry: OffsetEntry): Promise<void> {
    this.entry = entry;
    this.clean = false;
  }

  /** The batch's transaction (see the file comment); a fenced producer means the task moved: `SCALE_TASK_MIGRATED`. */
  async afterBatch(batchId: number, operators: Parameters<AfterBatch>[1], next: WatermarkState): Promise<void> {
    const { applicationId, task, producer, output } = this.opts;
    const entry = this.entry!;
    const records: OutgoingRecord[] = output.take();
    for (const op of operators as readonly CheckpointableOperator[]) {
      const w = this.writers.get(op.operatorId);
      if (w) for (const r of w.records(op)) records.push(r);
    }
    const committed = entry.sources.map((s) => s.offset);
    const taskRecord: TaskRecord = { batchId, committed, batchWatermarkMs: entry.batchWatermarkMs, watermark: next };
    records.push({ topic: taskChangelogTopic(applicationId), partition: task, key: taskRecordKey(this.opts.stage), value: JSON.stringify(taskRecord) });
    const offsets: TopicPartitionOffset[] = [];
    for (const c of committed) {
      if (c === null || typeof c !== 'object' || Array.isArray(c)) continue;
      for (const [topic, parts] of Object.entries(c as Record<string, Record<string, number>>)) {
        for (const [p, offset] of Object.entries(parts)) offsets.push({ topic, partition: Number(p), offset });
      }
    }
    const counts = new Map<string, number>();
    for (const r of records) if (r.partition === task && this.changelogs.has(r.topic)) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
    const ends = new Map<string, number>();
    try {
      const txn = await producer.transaction();
      try {
        // Only this task's producer writes its changelog partitions, so its records there are contiguous.
        for (const m of await txn.send(records)) {
          const n = counts.get(m.topic);
          if (n === undefined || m.partition !== task || m.baseOffset < 0) continue;
          ends.set(m.topic, Math.min(ends.get(m.topic) ?? Infinity, m.baseOffset));
        }
        if (offsets.length > 0) await txn.sendOffsets(applicationId, offsets);
        await txn.commit();
      } catch (err) {
        await txn.abort().catch(() => undefined);
        throw err;
      }
    } catch (err) {
      if ((err as StreamlabError).code === 'KAFKA_PRODUCER_FENCED') throw taskMigrated(applicationId, task, err);
      throw err;
    }
    for (const [topic, base] of ends) this.ends.set(topic, base + counts.get(topic)!);
    this.operators = operators as readonly CheckpointableOperator[];
    this.lastRecord = taskRecord;
    this.clean = true;
    this.opts.logger.debug({ task, batchId, records: records.length }, 'task batch committed');
  }

  /**
   * What a local state file keeps (see `local-state.ts`), or `undefined` when the query did not
   * stop right after a committed batch (then the in-memory state may hold an aborted one).
   */
  localState(): LocalState | undefined {
    const { applicationId, codec, stage } = this.opts;
    if (!this.clean || !this.lastRecord) return undefined;
    const out: LocalState = {};
    const taskTopic = taskChangelogTopic(applicationId);
    const taskEnd = this.ends.get(taskTopic);
    if (taskEnd === undefined) return undefined;
    out[taskTopic] = { end: taskEnd, entries: [[taskRecordKey(stage), JSON.stringify(this.lastRecord)]] };
    for (const op of this.operators) {
      const ref = this.opts.operators.find((o) => o.operatorId === op.operatorId);
      const topic = ref ? changelogTopic(applicationId, ref, stage) : undefined;
      // A changelog this task never wrote to keeps no end: it is read in full.
      const end = topic === undefined ? undefined : this.ends.get(topic);
      if (!ref || topic === undefined || end === undefined) continue;
      const snap = op.snapshot();
      const entries: [string, string][] = ref.pairs
        ? (snap.entries as [unknown, unknown][]).map(([k, v]) => [codec.encodeText(k), codec.encodeText(v)])
        : snap.entries.map((e) => [codec.encodeText(e), '1']);
      out[topic] = snap.meta === undefined ? { end, entries } : { end, entries, meta: codec.encodeText(snap.meta) };
    }
    return out;
  }
}

/** The key of a stage's task record in `<app>-task-changelog`: `task`, or `task-<repartition name>`. */
export function taskRecordKey(stage: string): string {
  return stage === '' ? 'task' : `task-${stage}`;
}

/**
 * The error of a task whose producer was fenced by a newer owner's: the task moved to another
 * instance (or this instance restarted it). Its runtime closes the task quietly.
 */
export function taskMigrated(applicationId: string, task: number, cause: unknown): StreamlabError {
  return new StreamlabError('SCALE_TASK_MIGRATED', `task ${task} of ${applicationId} was taken over by another instance`, {
    value: task,
    cause,
    hint: 'nothing to do: the new owner restored its state and goes on; this instance drops the task',
    expected: true,
  });
}
