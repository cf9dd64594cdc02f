export { describeKafka, eventually, testBrokers, uniqueName } from './kafka-test.js';
export { driveSource, type DrivenBatch } from './drive-source.js';
export { kafkaPortContract } from './port-contract.js';
export { kafkaSourceContract } from './source-contract.js';
export { kafkaSinkContract, testBatchInfo } from './sink-contract.js';
export { cmdlineOf, descendants, isAlive, kafkaJavaProcess, processesMentioning, spawnCollected, unlessExited, type Spawned } from './processes.js';
