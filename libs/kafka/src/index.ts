// The Kafka port (our own client interface) and its two implementations.
export type {
  IsolationLevel,
  KafkaAdmin,
  KafkaClient,
  KafkaHeader,
  KafkaProducer,
  KafkaReader,
  KafkaRecord,
  KafkaTransaction,
  OutgoingRecord,
  PartitionOffsets,
  PartitionRange,
  ProducerOptions,
  ReaderOptions,
  RecordMetadata,
  TimestampType,
  TopicPartition,
  TopicPartitionOffset,
  TopicSpec,
} from './port.js';
export { createKafkaClient, type KafkaClientOptions } from './client.js';
export { createKafkajsClient, type KafkajsClientOptions } from './kafkajs/kafkajs-client.js';
export { createEmbeddedKafka, type EmbeddedKafkaOptions } from './embedded/embedded-client.js';
export { EmbeddedBroker, defaultEmbeddedBroker, type EmbeddedBrokerOptions } from './embedded/embedded-broker.js';
export { murmur2, partitionForKey } from './embedded/murmur2.js';

// Kafka source and sink for streaming queries.
export { kafkaSource, KafkaSource, type KafkaRow } from './source/kafka-source.js';
export type { DeadLetter, KafkaSourceOptions } from './source/source-options.js';
export { decodeJson, type DecodeJsonOptions, type DecodeResult, type Decoder } from './source/decode.js';
export { DLQ_HEADERS } from './source/dead-letter.js';
export { boundedRetention, deadLetterTopic, endOffsets, ensureTopics, type TopicDeclaration } from './topics.js';
export { kafkaSink, KafkaSink, SINK_BATCHES_TOPIC, type KafkaSinkOptions } from './sink/kafka-sink.js';
export type { SinkRecord } from './sink/sink-record.js';
// readStream.format('kafka') / writeStream.format('kafka'): registered on import.
import { registerKafkaFormat } from './kafka-format.js';
registerKafkaFormat();
export { kafkaSinkFromOptions, kafkaSourceFromOptions, registerKafkaFormat } from './kafka-format.js';

// The Kafka port over a Node IPC channel (a child process using the parent's embedded broker).
export { serveKafkaOverIpc } from './ipc/ipc-server.js';
export { createIpcKafkaClient } from './ipc/ipc-client.js';

// The local Apache Kafka broker (`npm run kafka`, integration tests).
export { brokerLogTail, startLocalBroker, type BrokerExit, type LocalBroker, type LocalBrokerOptions } from './broker/local-broker.js';
export { watchParent, type ParentWatchOptions } from './broker/parent-watch.js';
export { ensureKafkaJars, kafkaCacheDir, kafkaJarsCached, KAFKA_VERSION } from './broker/jars.js';
export { missingBrokerTools } from './broker/missing-tools.js';
export { kafkajsLogCreator, silentLogger } from './logging.js';

// Scale-out (issue 20): one query on many processes, on Kafka's consumer groups, state in changelogs.
export { scaleOut, ScaleOutQuery, type RepartitionInfo, type ScaleOutOptions } from './scale/scale-out.js';
export { ScaleOutInstance, type InstanceStatus, type ScaleOutEvents, type TaskStopReason } from './scale/instance.js';
export { repartitionTopic, type RepartitionOptions, type TaskContext, type TaskSourceOptions } from './scale/task-context.js';
export type { RestoreStats, RestoringProgress } from './scale/task.js';
export type { TaskRecord } from './scale/task-checkpoint.js';
export { changelogTopic, taskChangelogTopic, taskTransactionalId } from './scale/names.js';
export { instanceReportSchema, reportStatus, statusTopic, type InstanceReport, type ReportStatusOptions } from './scale/status-report.js';
export { assignTasks, type TaskMember } from './group/task-assignor.js';
export type { GroupAssignment, GroupMember, GroupMemberInfo, JoinGroupOptions } from './port.js';
export { describeScaleOut, type InstanceOwnership } from './scale/ownership.js';
