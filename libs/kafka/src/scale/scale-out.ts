/**
 * `scaleOut`: one query run by N processes (or N instances in one), on Kafka's consumer groups,
 * as Kafka Streams runs a topology. Every instance started with the same `applicationId` joins
 * the group `<applicationId>`; Kafka assigns the input partitions; task `p` (partition `p` of
 * every input topic) runs the query definition as its own engine query with its own state. State
 * moves with its task through compacted changelog topics; each batch of a task is one transaction
 * (output, dead letters, changelogs, task record, input offsets), so `read_committed` output is
 * exactly-once across instances, crashes and rebalances. See SCALE-OUT.md beside this file.
 */
import {
  StreamingSession,
  StateCodec,
  StreamlabError,
  type Clock,
  type Logger,
  type OutputMode,
  type Stream,
  type TriggerOptions,
  type ValueCodec,
} from '@streamlab/core';
import { hostname } from 'node:os';
import { z } from 'zod';
import { silentLogger } from '../logging.js';
import type { KafkaClient } from '../port.js';
import type { SinkRecord } from '../sink/sink-record.js';
import { ScaleOutInstance } from './instance.js';
import { CHANGELOG_CONFIGS, changelogTopic, taskChangelogTopic } from './names.js';
import { operatorsOf, type StagePlan, stagesOf, type TaskDefinition } from './task.js';
import { taskContext, type TaskContext } from './task-context.js';

export interface ScaleOutOptions<T> {
  /** Names the group, the transactional ids and the changelog topics. Same in every instance. */
  applicationId: string;
  /** A client of the cluster (`createKafkajsClient`, or the embedded broker's for tests). */
  client: KafkaClient;
  /** The input topics; more than one must be co-partitioned (the same partition count). */
  topics: string | readonly string[];
  /**
   * The query, defined once per task from its inputs (`task.kafkaSource(...)`).
   *
   * @example
   * (task) => Stream.fromSource(task.kafkaSource({ topic: 'tx', decode: decodeJson(Tx) })).withWatermark('ts', '1 minute').groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count() })
   */
  query: (task: TaskContext) => Stream<T>;
  /** Default `append`. */
  outputMode?: OutputMode;
  /**
   * `auto` (default): before each keyed operator (groupBy, session window, dedup, groupByKey,
   * stream-stream join) whose input is not partitioned by its key (see `partitionedBy` of
   * `task.kafkaSource`), the query writes through a repartition topic
   * `<applicationId>-<operator>-<n>-repartition` keyed by that key, so one key's rows meet in one
   * task (SCALE-OUT.md, "Automatic repartition"; `explain()` lists them). `manual`: only the
   * repartitions the query makes with `task.repartition(...)`.
   *
   * @example
   * scaleOut({ ..., repartition: 'manual' }); // a query known to be partitioned right, repartitions never inserted
   */
  repartition?: 'auto' | 'manual';
  /** The output: a topic (or a `topic` field per row) and how a row becomes a record (default: the row has Spark's Kafka columns). */
  output: { topic?: string; toRecord?: (row: T) => SinkRecord; partitions?: number };
  /** Each task's trigger. Default `{ processingTime: '200 milliseconds' }` (a real broker is polled, not watched). */
  trigger?: TriggerOptions;
  logger?: Logger;
  clock?: Clock;
  /** Codecs for state values JSON cannot hold (as a checkpoint's `valueCodecs`). */
  valueCodecs?: readonly ValueCodec[];
  /** This process's instances' name in the group (`describeScaleOut`, `status()`); default `<host>-<pid>` (`-<i>` added for several in one process). */
  instanceName?: string;
  /** A silent instance is removed from the group after this long. Default 10 000. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Of each task's transactions. Default 60 000. */
  transactionTimeoutMs?: number;
  /**
   * A local directory for state files (the fast restart path): a task that stops cleanly leaves
   * its state there, and a task starting here later reads only the changelog's tail after it.
   * Default: none (every start reads the changelogs in full).
   */
  stateDir?: string;
  /** With `stateDir`: a running task also writes its file after a committed batch at most this often, so a crashed instance restarts fast too. Default 60 000. */
  stateFileIntervalMs?: number;
}

const Options = z.object({
  applicationId: z.string().regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only (it names topics)'),
  outputMode: z.enum(['append', 'update', 'complete']).default('append'),
  repartition: z.enum(['auto', 'manual']).default('auto'),
  sessionTimeoutMs: z.number().int().min(6000).optional(),
  heartbeatIntervalMs: z.number().int().positive().optional(),
  transactionTimeoutMs: z.number().int().positive().default(60_000),
});

/**
 * Defines a scale-out query; `start()` runs one instance of it in this process.
 *
 * @example
 * const app = scaleOut({
 *   applicationId: 'fraud',
 *   client: createKafkajsClient({ brokers: 'localhost:9092' }),
 *   topics: 'tx',
 *   query: (task) => Stream.fromSource(task.kafkaSource({ topic: 'tx', startingOffsets: 'earliest', decode: decodeJson(Tx), partitionedBy: 'cardId' }))
 *     .withWatermark('ts', '10 seconds').groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count() }),
 *   output: { topic: 'counts', toRecord: (r) => ({ key: r.cardId, value: r }) },
 * });
 * const instance = await app.start();          // one per process; run it in 3 processes to scale out
 * instance.on('restored', (r) => log.info(r));  // { task, rows, durationMs, rowsPerSecond, ... }
 */
export function scaleOut<T>(opts: ScaleOutOptions<T>): ScaleOutQuery<T> {
  return new ScaleOutQuery(opts);
}

/** A repartition of a scale-out query (`ScaleOutQuery.repartitions()`). */
export interface RepartitionInfo {
  /** The stage's name: `task.repartition`'s `name`, or `<operator>-<n>` (e.g. `aggregate-0`, `join-2-left`). */
  name: string;
  /** `<applicationId>-<name>-repartition`. */
  topic: string;
  /** Its key: a column, `[a, b]` for several (JSON array text), `(one partition)` for `[]`, `(function)` for a key function. */
  key: string;
  /** Inserted by the automatic repartition. */
  automatic: boolean;
}

function repartitionsOf(stages: readonly StagePlan[]): RepartitionInfo[] {
  return stages.filter((s) => s.stage !== '').map((s) => ({ name: s.stage, topic: s.topic!, key: describeKey(s.keyColumns), automatic: s.automatic === true }));
}

function describeKey(columns: readonly string[] | undefined): string {
  if (columns === undefined) return '(function)';
  if (columns.length === 0) return '(one partition)';
  return columns.length === 1 ? columns[0]! : `[${columns.join(', ')}]`;
}

export class ScaleOutQuery<T> {
  readonly applicationId: string;
  readonly topics: readonly string[];
  private readonly opts: ScaleOutOptions<T>;
  private readonly parsed: z.infer<typeof Options>;
  private readonly session: StreamingSession;

  constructor(opts: ScaleOutOptions<T>) {
    const parsed = Options.safeParse(opts);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StreamlabError('SCALE_BAD_OPTION', `scaleOut option ${String(issue.path[0])}: ${issue.message}`, {
        value: (opts as unknown as Record<string, unknown>)[String(issue.path[0])],
        hint: 'see ScaleOutOptions in @streamlab/kafka',
      });
    }
    this.parsed = parsed.data;
    this.opts = opts;
    this.applicationId = parsed.data.applicationId;
    this.topics = (typeof opts.topics === 'string' ? opts.topics.split(',') : [...opts.topics]).map((t) => t.trim()).filter(Boolean);
    if (this.topics.length === 0)
      throw new StreamlabError('SCALE_BAD_OPTION', 'scaleOut option topics: no topic given', { value: opts.topics, hint: "e.g. topics: 'tx'" });
    if (!opts.client.joinGroup) {
      throw new StreamlabError('SCALE_NO_GROUPS', `this Kafka client (${opts.client.bootstrap}) cannot join consumer groups`, {
        value: opts.client.kind,
        hint: 'use createKafkajsClient (a real broker) or createEmbeddedKafka (in-process)',
      });
    }
    this.session = new StreamingSession({ logger: opts.logger ?? silentLogger, ...(opts.clock ? { clock: opts.clock } : {}) });
  }

  /**
   * Starts instances of the query in this process (default one; pass `instances` for several,
   * e.g. in tests or a one-machine demo). Checks the inputs are co-partitioned, creates the
   * changelog topics, and joins the group.
   */
  start(): Promise<ScaleOutInstance>;
  start(opts: { instances: number }): Promise<ScaleOutInstance[]>;
  async start(opts?: { instances: number }): Promise<ScaleOutInstance | ScaleOutInstance[]> {
    const { partitions, repartitions } = await this.prepareTopics();
    const base = this.opts.instanceName ?? `${hostname()}-${process.pid}`;
    const make = async (name: string) => {
      const instance = new ScaleOutInstance({
        applicationId: this.applicationId,
        name,
        client: this.opts.client,
        topics: this.topics,
        definition: this.definition() as TaskDefinition<unknown>,
        logger: this.session.logger.child({ applicationId: this.applicationId }),
        sessionTimeoutMs: this.parsed.sessionTimeoutMs,
        heartbeatIntervalMs: this.parsed.heartbeatIntervalMs,
      });
      await instance.join();
      return instance;
    };
    this.session.logger.info(
      { applicationId: this.applicationId, partitions, repartitions: repartitions.map((r) => `${r.name} -> ${r.topic} by ${r.key}`) },
      'scale-out query starting',
    );
    if (opts === undefined) return make(base);
    const out: ScaleOutInstance[] = [];
    for (let i = 0; i < opts.instances; i++) out.push(await make(`${base}-${i}`));
    return out;
  }

  /**
   * The repartitions of the query for task `task` (the same for every task): those it makes with
   * `task.repartition`, then those inserted before keyed operators, each with its topic and key.
   *
   * @example
   * app.repartitions(); // [{ name: 'aggregate-0', topic: 'fraud-aggregate-0-repartition', key: 'merchant', automatic: true }]
   */
  repartitions(task = 0): RepartitionInfo[] {
    return repartitionsOf(stagesOf(this.definition(), task));
  }

  /**
   * The engine queries of task `task` (one per stage) as text: each repartition's stage with its
   * topic and key, then the query, each with its plan.
   *
   * @example
   * console.log(app.explain());
   * // repartition aggregate-0 (automatic): writes fraud-aggregate-0-repartition, key merchant
   * //   EventTimeWatermark [ts, 10000 ms]
   * //     Source [KafkaV2[Assign[tx-0]]]
   * // query: writes counts
   * //   Aggregate [window(ts, 60000 ms), merchant] [count AS n]
   * //   ...
   */
  explain(task = 0): string {
    const indent = (text: string) => text.replace(/^/gm, '  ');
    return stagesOf(this.definition(), task)
      .map((s) =>
        s.stage === ''
          ? `query: writes ${s.topic ?? 'a topic per row'}\n${indent(s.stream.explain())}`
          : `repartition ${s.stage} (${s.automatic ? 'automatic' : 'task.repartition'}): writes ${s.topic}, key ${describeKey(s.keyColumns)}\n${indent(s.stream.explain())}`,
      )
      .join('\n');
  }

  private definition(): TaskDefinition<T> {
    const { client } = this.opts;
    return {
      applicationId: this.applicationId,
      client,
      session: this.session,
      codec: new StateCodec(this.opts.valueCodecs),
      query: this.opts.query,
      context: (task) => taskContext(client, this.applicationId, this.topics, task),
      repartition: this.parsed.repartition,
      outputMode: this.parsed.outputMode,
      trigger: this.opts.trigger ?? { processingTime: '200 milliseconds' },
      topic: this.opts.output.topic,
      toRecord: this.opts.output.toRecord ?? ((row: T) => row as unknown as SinkRecord),
      transactionTimeoutMs: this.parsed.transactionTimeoutMs,
      stateDir: this.opts.stateDir,
      stateFileIntervalMs: this.opts.stateFileIntervalMs ?? 60_000,
    };
  }

  /** Input partition count (checked equal across inputs) and the repartitions; creates the changelog, repartition and output topics. */
  private async prepareTopics(): Promise<{ partitions: number; repartitions: RepartitionInfo[] }> {
    const { admin } = this.opts.client;
    const counts = await Promise.all(this.topics.map(async (t) => [t, (await admin.partitions(t)).length] as const));
    const partitions = counts[0]![1];
    if (counts.some(([, n]) => n !== partitions)) {
      throw new StreamlabError(
        'SCALE_NOT_COPARTITIONED',
        `the inputs of ${this.applicationId} have different partition counts: ${counts.map(([t, n]) => `${t}=${n}`).join(', ')}`,
        {
          value: Object.fromEntries(counts),
          hint: 'task p reads partition p of every input, so every input topic needs the same number of partitions (and the same key partitioning); grow the smaller ones with createPartitions',
        },
      );
    }
    const stages = stagesOf(this.definition(), 0);
    const topics = [taskChangelogTopic(this.applicationId)];
    for (const st of stages) for (const op of operatorsOf(st.stream)) topics.push(changelogTopic(this.applicationId, op, st.stage));
    const repartitions = stages.filter((st) => st.stage !== '').map((st) => st.topic!);
    await admin.createTopics([
      ...topics.map((topic) => ({ topic, partitions, configs: CHANGELOG_CONFIGS })),
      ...repartitions.map((topic) => ({ topic, partitions })),
      ...(this.opts.output.topic ? [{ topic: this.opts.output.topic, partitions: this.opts.output.partitions ?? partitions }] : []),
    ]);
    for (const topic of [...topics, ...repartitions]) {
      const n = (await admin.partitions(topic)).length;
      if (n !== partitions) {
        throw new StreamlabError('SCALE_CHANGELOG_PARTITIONS', `changelog ${topic} has ${n} partitions, the inputs ${partitions}`, {
          value: { topic, partitions: n, inputs: partitions },
          hint: 'the inputs were repartitioned after the application ran: task p is partition p, so state cannot follow; reset the application (delete its changelog topics and group)',
        });
      }
    }
    return { partitions, repartitions: repartitionsOf(stages) };
  }
}
