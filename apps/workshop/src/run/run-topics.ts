/**
 * The topic names of a live run. On the embedded broker a run starts on an empty broker, so a
 * topic is named `WORKSHOP_PREFIX` + the name its README teaches (`alice.sightings`). On a shared
 * broker (`KAFKA_BROKERS`) the topics of an earlier run are still there, with their records and
 * the committed batches of its exactly-once writers, so each run gets topics of its own:
 * `alice.run3.sightings`, the run number one more than the highest this prefix has on the broker.
 * A rerun then reads only its own records, and `clean` still finds every run's topics by the prefix.
 */
import type { KafkaClient } from '@streamlab/kafka';

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The prefix of this run's topic and query names.
 *
 * @example
 * await runTopicPrefix(kafka, 'alice.', 'external'); // 'alice.run1.' on a broker with no alice.run<N>.* topic yet
 * await runTopicPrefix(kafka, 'alice.', 'embedded'); // 'alice.'
 */
export async function runTopicPrefix(kafka: KafkaClient, prefix: string, mode: 'embedded' | 'external'): Promise<string> {
  if (mode === 'embedded') return prefix;
  const run = new RegExp(`^${literal(prefix)}run(\\d+)\\.`);
  let last = 0;
  for (const topic of await kafka.admin.listTopics()) {
    const m = run.exec(topic);
    if (m) last = Math.max(last, Number(m[1]));
  }
  return `${prefix}run${last + 1}.`;
}
