/**
 * The fraud app scaled out (issue 20): the card-keyed rules (`cardKeyedAlerts`: velocity,
 * impossible travel, card testing) run as one `scaleOut` application, `fraud-detection`, in any
 * number of processes on one real Kafka broker. Kafka's consumer group gives each process some
 * partitions of `fraud.transactions` (keyed by card, so all of a card's state is in one partition,
 * declared with `partitionedBy: 'cardId'`: the automatic repartition inserts no repartition topic);
 * each partition's state moves with it through compacted changelogs
 * (`fraud-detection-<operator>-<id>-changelog`), and the alerts go to `fraud.alerts` in one
 * transaction per partition and batch, exactly once across processes, kills and rebalances. Every
 * instance reports which partitions it runs to `fraud-detection-status`, which the dashboard's
 * ownership panel shows.
 */
import { Stream, type Logger } from '@streamlab/core';
import { decodeJson, type KafkaClient, reportStatus, scaleOut, type ScaleOutInstance, type ScaleOutQuery, statusTopic } from '@streamlab/kafka';
import type { Alert } from '../domain/alert.js';
import { transactionSchema } from '../domain/schemas.js';
import { cardKeyedAlerts } from '../pipelines/card-keyed.js';
import { pipelineOptions } from '../pipelines/options.js';
import { TRANSACTIONS_TOPIC } from '../sim/model.js';

/** The scale-out application: its consumer group, transactional ids (`fraud-detection-<partition>`) and changelog topics. */
export const SCALE_APPLICATION_ID = 'fraud-detection';
/** Partitions of `fraud.transactions` when the scaled app creates it (an existing topic keeps its own). */
export const SCALE_PARTITIONS = 6;
/** A killed instance's partitions move after this long without its heartbeats (Kafka's minimum is 6 s). */
export const SCALE_SESSION_TIMEOUT_MS = 6_000;

export interface FraudScaleOptions {
  client: KafkaClient;
  logger: Logger;
  applicationId?: string;
  topic?: string;
  alertsTopic?: string;
}

/**
 * The card-keyed rules as a scale-out application (start one instance per process with `.start()`).
 *
 * @example
 * const instance = await fraudScaleOut({ client, logger }).start();
 */
export function fraudScaleOut(o: FraudScaleOptions): ScaleOutQuery<Alert> {
  const topic = o.topic ?? TRANSACTIONS_TOPIC;
  const opts = pipelineOptions();
  const decode = decodeJson(transactionSchema);
  return scaleOut({
    applicationId: o.applicationId ?? SCALE_APPLICATION_ID,
    client: o.client,
    topics: topic,
    // a new application reads the topic from its start (Kafka Streams' default); then each
    // partition resumes where its last committed batch ended. The dashboard process's ingest
    // query dead-letters what does not decode; here it is only counted.
    query: (task) =>
      cardKeyedAlerts(
        Stream.fromSource(
          // the simulator keys each transaction by its card id (Kafka's default partitioner): every
          // keyed operator of the card-keyed rules is satisfied, so no repartition topic is made
          task.kafkaSource({ topic, startingOffsets: 'earliest', decode, eventTimeField: 'eventTime', deadLetter: false, partitionedBy: 'cardId' }),
        ),
        opts,
      ),
    output: { topic: o.alertsTopic ?? 'fraud.alerts', toRecord: (a) => ({ key: a.entityId, value: a }) },
    trigger: { processingTime: '500 milliseconds' },
    logger: o.logger,
    sessionTimeoutMs: SCALE_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: 500,
  });
}

/** A running instance and its status reporter. */
export interface RunningInstance {
  instance: ScaleOutInstance;
  /** Stops the tasks (each commits its running batch), leaves the group, sends a last `stopped` report. */
  stop(): Promise<void>;
}

/**
 * Starts one instance in this process and reports its partitions; `say` gets a line per change.
 *
 * @example
 * const running = await startFraudInstance({ client, logger, name: 'instance-1', say: console.log });
 */
export async function startFraudInstance(o: FraudScaleOptions & { name: string; say: (line: string) => void }): Promise<RunningInstance> {
  const app = fraudScaleOut(o);
  const instance = await app.start();
  const list = (ts: readonly number[]) => (ts.length ? ts.join(', ') : 'none');
  instance.on('assigned', (a) => o.say(`generation ${a.generation}: assigned partitions ${list(a.tasks)}`));
  instance.on('restored', (r) =>
    o.say(`partition ${r.task}: restored ${r.rows} state rows in ${r.durationMs} ms, resuming after batch ${r.lastCommittedBatchId}`),
  );
  instance.on('stopped', (s) => o.say(`partition ${s.task}: stopped (${s.reason})`));
  const first = instance.status();
  o.say(`generation ${first.generation}: assigned partitions ${list(first.assigned)}`);
  const reporter = await reportStatus(instance, { client: o.client, topic: statusTopic(app.applicationId), name: o.name, logger: o.logger });
  return {
    instance,
    async stop() {
      await instance.stop();
      await reporter.stop();
    },
  };
}
