import { createKafkajsClient } from './libs/kafka/src/kafkajs/kafkajs-client.ts';
import { fill, PARTITIONS } from './libs/kafka/src/bench/pipeline-workload.ts';
const client = createKafkajsClient({ brokers: process.env.KAFKA_BROKERS! });
await client.admin.createTopics([{ topic: process.argv[2]!, partitions: PARTITIONS }]);
await fill(client, process.argv[2]!, 500000);
await client.close();
