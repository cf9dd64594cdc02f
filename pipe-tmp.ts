import { createKafkajsClient } from './libs/kafka/src/kafkajs/kafkajs-client.ts';
import { runPipeline } from './libs/kafka/src/bench/pipeline-workload.ts';
const client = createKafkajsClient({ brokers: process.env.KAFKA_BROKERS! });
const r = await runPipeline(client, process.argv[2]!, process.argv[2]! + '-out', 500000);
console.log(Math.round(500000 / r.seconds), 'rec/s');
await client.close();
