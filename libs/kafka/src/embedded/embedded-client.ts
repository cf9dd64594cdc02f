/**
 * `createEmbeddedKafka`: the Kafka port over an in-process `EmbeddedBroker`, so the same source,
 * sink and app code run without a real broker.
 */
import { StreamlabError } from '@streamlab/core';
import type { KafkaAdmin, KafkaClient, KafkaProducer, KafkaTransaction, ProducerOptions, ReaderOptions, ScanningReader } from '../port.js';
import { defaultEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.js';

export interface EmbeddedKafkaOptions {
  /** The broker to use; the process-wide `defaultEmbeddedBroker()` when absent. */
  broker?: EmbeddedBroker;
}

/**
 * A `KafkaClient` on the embedded broker.
 *
 * @example
 * const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
 * await kafka.admin.createTopics([{ topic: 'orders', partitions: 3 }]);
 * await kafka.producer().send([{ topic: 'orders', key: 'a', value: '{"n":1}' }]);
 */
export function createEmbeddedKafka(opts: EmbeddedKafkaOptions = {}): KafkaClient {
  const broker = opts.broker ?? defaultEmbeddedBroker();
  const admin: KafkaAdmin = {
    createTopics: async (topics) => topics.forEach((t) => broker.createTopic(t)),
    listTopics: async () => broker.listTopics(),
    topicConfigs: async (topic) => broker.topicConfigs(topic),
    deleteTopics: async (topics) => topics.forEach((t) => broker.deleteTopic(t)),
    createPartitions: async (topic, count) => broker.createPartitions(topic, count),
    partitions: async (topic) => Array.from({ length: broker.partitionCount(topic) }, (_, p) => p),
    topicOffsets: async (topic, isolationLevel) => broker.offsets(topic, isolationLevel === 'read_committed'),
    groupOffsets: async (groupId, topics) => broker.groupOffsets(groupId, topics),
    commitGroupOffsets: async (groupId, offsets) => broker.commitGroupOffsets(groupId, offsets),
    deleteRecords: async (topic, partition, beforeOffset) => broker.partitionLog(topic, partition).deleteBefore(beforeOffset),
    describeGroup: async (groupId) => broker.coordinator.members(groupId),
  };

  const producer = (popts: ProducerOptions = {}): KafkaProducer => {
    const transactionalId = popts.transactionalId;
    const epoch = transactionalId ? broker.initProducer(transactionalId) : 0;
    let closed = false;
    const checkOpen = () => {
      if (closed) throw new StreamlabError('KAFKA_PRODUCER_CLOSED', 'this producer is closed', { hint: 'create a new producer' });
    };
    return {
      connect: async () => checkOpen(),
      send: async (records) => {
        checkOpen();
        if (transactionalId) {
          throw new StreamlabError('KAFKA_TXN_REQUIRED', `producer ${transactionalId} is transactional: send inside transaction()`, { value: transactionalId });
        }
        return broker.append(records);
      },
      transaction: async (): Promise<KafkaTransaction> => {
        checkOpen();
        if (!transactionalId) {
          throw new StreamlabError('KAFKA_NOT_TRANSACTIONAL', 'transaction() needs a producer created with a transactionalId', {
            hint: 'kafka.producer({ transactionalId: "my-writer" })',
          });
        }
        const txn = broker.beginTransaction(transactionalId, epoch);
        return {
          send: async (records) => broker.append(records, txn),
          sendOffsets: async (groupId, offsets) => void txn.offsets.push({ groupId, offsets: [...offsets] }),
          commit: async () => broker.endTransaction(txn, 'committed'),
          abort: async () => broker.endTransaction(txn, 'aborted'),
        };
      },
      close: async () => {
        closed = true;
      },
    };
  };

  const reader = (ropts: ReaderOptions = {}): ScanningReader => ({
    read: async (ranges) => ranges.map((r) => broker.partitionLog(r.topic, r.partition).read(r.from, r.until, ropts.isolationLevel)),
    scan: async (ranges, visitor) => {
      const logs = ranges.map((r) => broker.partitionLog(r.topic, r.partition));
      logs.forEach((log, i) => log.checkAvailable(ranges[i]!.from));
      logs.forEach((log, i) => {
        visitor.begin(ranges[i]!);
        log.scan(ranges[i]!.from, ranges[i]!.until, ropts.isolationLevel ?? 'read_uncommitted', visitor);
      });
    },
    close: async () => undefined,
  });

  return {
    kind: 'embedded',
    bootstrap: 'embedded',
    admin,
    producer,
    reader,
    onAppend: (topic, listener) => broker.onAppend(topic, listener),
    joinGroup: async (groupId, jopts) => broker.coordinator.join(groupId, jopts),
    close: async () => undefined,
  };
}
