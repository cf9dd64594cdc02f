/**
 * One instance (one group member) of a scale-out application: it joins the consumer group
 * `<applicationId>`, and on every assignment stops the tasks it lost (each finishes and commits
 * its running batch) and starts the tasks it got (fence, restore, run). A task that ends by itself
 * (its producer fenced by a newer owner: `SCALE_TASK_MIGRATED`, or a failure) is dropped, and
 * started again after a back-off if the group still assigns it here.
 */
import { EventEmitter } from 'node:events';
import type { Logger, StreamingQueryProgress } from '@streamlab/core';
import { tasksOf } from '../group/task-assignor.js';
import type { GroupAssignment, GroupMember, KafkaClient } from '../port.js';
import { Task, type RestoreStats, type RestoringProgress, type TaskDefinition } from './task.js';

/** Why a task stopped running here. */
export type TaskStopReason = 'revoked' | 'migrated' | 'failed' | 'shutdown';

/** The events of an instance (`instance.on(name, listener)`). */
export interface ScaleOutEvents {
  /** A new assignment arrived (tasks = input partitions). */
  assigned: [{ memberId: string; generation: number; tasks: number[] }];
  /** A starting task read another chunk of its changelogs (long restores report as they go). */
  restoring: [RestoringProgress];
  /** A task restored its state from the changelogs and started. */
  restored: [RestoreStats];
  /** A task's batch finished (its engine progress; `name` is `<applicationId>-task-<task>`). */
  progress: [{ task: number; progress: StreamingQueryProgress }];
  /** A task stopped running here. */
  stopped: [{ task: number; reason: TaskStopReason; error?: unknown }];
}

/** What `instance.status()` tells (for a dashboard's ownership view). */
export interface InstanceStatus {
  applicationId: string;
  /** The instance's name (`instanceName`). */
  name: string;
  memberId: string;
  generation: number;
  /** Tasks the group assigned here. */
  assigned: number[];
  /** Tasks being started here (fencing, restoring). */
  starting: number[];
  /** Tasks running, with their last batch and watermark. */
  tasks: { task: number; batchId: number | null; watermarkMs: number | null; restore: RestoreStats }[];
  /** The minimum watermark over the running tasks (`null`: none has one yet). */
  watermarkMs: number | null;
}

interface Slot {
  task: Task | undefined;
  /** Set while starting or stopping. */
  busy: Promise<void> | undefined;
  stopping: boolean;
  failures: number;
}

export interface InstanceOptions {
  applicationId: string;
  /** Shown in the group (`describeScaleOut`) and in `status()`. */
  name: string;
  client: KafkaClient;
  topics: readonly string[];
  definition: TaskDefinition<unknown>;
  logger: Logger;
  sessionTimeoutMs: number | undefined;
  heartbeatIntervalMs: number | undefined;
  /** Back-off before a task that ended by itself starts again here (doubles per failure, max 10 s). Default 500. */
  restartBackoffMs?: number;
}

export class ScaleOutInstance extends EventEmitter<ScaleOutEvents> {
  readonly applicationId: string;
  private member: GroupMember | undefined;
  private readonly slots = new Map<number, Slot>();
  private assigned: number[] = [];
  private generation = 0;
  private stopped = false;
  private readonly logger: Logger;

  private readonly definition: TaskDefinition<unknown>;

  constructor(private readonly opts: InstanceOptions) {
    super();
    this.definition = { ...opts.definition, onRestoring: (p) => this.emit('restoring', p) };
    this.applicationId = opts.applicationId;
    this.logger = opts.logger;
  }

  /** @internal Joins the group (`scaleOut(...).start()` calls it). */
  async join(): Promise<void> {
    const join = this.opts.client.joinGroup!.bind(this.opts.client);
    this.member = await join(this.applicationId, {
      topics: this.opts.topics,
      memberName: this.opts.name,
      onAssigned: (a) => this.reconcile(a),
      ...(this.opts.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: this.opts.sessionTimeoutMs } : {}),
      ...(this.opts.heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: this.opts.heartbeatIntervalMs } : {}),
    });
  }

  /** The member id in the group ('' until the first assignment). */
  get memberId(): string {
    return this.member?.memberId ?? '';
  }

  /** Tasks running here now. */
  get runningTasks(): number[] {
    return [...this.slots]
      .filter(([, s]) => s.task !== undefined && !s.stopping)
      .map(([t]) => t)
      .sort((a, b) => a - b);
  }

  /**
   * Who owns what, and how far each task is.
   *
   * @example
   * instance.status().tasks.map((t) => `${t.task}@${t.batchId}`);
   */
  status(): InstanceStatus {
    const tasks: InstanceStatus['tasks'] = [];
    for (const t of this.runningTasks) {
      const task = this.slots.get(t)!.task!;
      const p = task.query.lastProgress;
      tasks.push({
        task: t,
        batchId: p?.batchId ?? null,
        watermarkMs: p?.eventTime.watermark ? Date.parse(p.eventTime.watermark) : null,
        restore: task.restore,
      });
    }
    const wms = tasks.map((t) => t.watermarkMs).filter((w): w is number => w !== null);
    return {
      applicationId: this.applicationId,
      name: this.opts.name,
      memberId: this.memberId,
      generation: this.generation,
      assigned: [...this.assigned],
      starting: [...this.slots]
        .filter(([, s]) => s.task === undefined && !s.stopping)
        .map(([t]) => t)
        .sort((a, b) => a - b),
      tasks,
      watermarkMs: wms.length === tasks.length && wms.length > 0 ? Math.min(...wms) : null,
    };
  }

  /**
   * Stops every task (each finishes and commits its running batch), then leaves the group, so the
   * others take the tasks over at once.
   *
   * @example
   * process.once('SIGTERM', () => void instance.stop());
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.assigned = [];
    await Promise.all([...this.slots.keys()].map((t) => this.stopTask(t, 'shutdown')));
    await this.member?.leave();
  }

  private async reconcile(a: GroupAssignment): Promise<void> {
    if (this.stopped) return;
    const tasks = tasksOf(a.partitions);
    this.assigned = tasks;
    this.generation = a.generation;
    this.emit('assigned', { memberId: a.memberId, generation: a.generation, tasks });
    const revoked = [...this.slots.keys()].filter((t) => !tasks.includes(t));
    await Promise.all(revoked.map((t) => this.stopTask(t, 'revoked')));
    await Promise.all(tasks.filter((t) => !this.slots.has(t)).map((t) => this.startTask(t)));
  }

  private async startTask(t: number): Promise<void> {
    const slot: Slot = this.slots.get(t) ?? { task: undefined, busy: undefined, stopping: false, failures: 0 };
    this.slots.set(t, slot);
    const starting = (async () => {
      try {
        const task = await Task.start(this.definition, t);
        if (this.stopped || !this.assigned.includes(t) || slot.stopping) {
          await task.stop();
          return;
        }
        slot.task = task;
        this.logger.info({ ...task.restore }, 'task restored and started');
        this.emit('restored', task.restore);
        task.query.on('progress', (progress) => {
          slot.failures = 0;
          this.emit('progress', { task: t, progress });
        });
        void task.terminated().then(
          () => undefined,
          (err: unknown) => this.onTaskEnded(t, slot, task, err),
        );
      } catch (err) {
        this.onTaskEnded(t, slot, undefined, err);
      }
    })();
    slot.busy = starting;
    await starting;
    slot.busy = undefined;
  }

  /** A task's query ended by itself (not through stopTask): drop it, start it again later if still assigned. */
  private onTaskEnded(t: number, slot: Slot, task: Task | undefined, err: unknown): void {
    if (slot.stopping || this.slots.get(t) !== slot) return;
    const migrated = isMigrated(err);
    const reason: TaskStopReason = migrated ? 'migrated' : 'failed';
    if (migrated) this.logger.info({ task: t }, 'task taken over by another instance; dropped here');
    else this.logger.error({ err, task: t }, 'task failed');
    this.slots.delete(t);
    void task?.close();
    this.emit('stopped', { task: t, reason, ...(migrated ? {} : { error: err }) });
    const failures = slot.failures + 1;
    const backoff = Math.min(10_000, (this.opts.restartBackoffMs ?? 500) * 2 ** (failures - 1));
    setTimeout(() => {
      if (this.stopped || !this.assigned.includes(t) || this.slots.has(t)) return;
      void this.startTask(t).then(() => {
        const s = this.slots.get(t);
        if (s) s.failures = failures;
      });
    }, backoff).unref();
  }

  private async stopTask(t: number, reason: TaskStopReason): Promise<void> {
    const slot = this.slots.get(t);
    if (!slot) return;
    slot.stopping = true;
    await slot.busy;
    this.slots.delete(t);
    if (slot.task) {
      await slot.task.stop();
      this.emit('stopped', { task: t, reason });
    }
  }
}

function isMigrated(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 6; e = e.cause as typeof e, depth++) {
    if (e.code === 'SCALE_TASK_MIGRATED' || e.code === 'KAFKA_PRODUCER_FENCED') return true;
  }
  return false;
}
