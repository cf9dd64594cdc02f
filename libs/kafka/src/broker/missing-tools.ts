/** What the local broker needs that this machine lacks, as one line saying what to install. */
import { findExecutable } from './executables.js';
import { kafkaJarsCached } from './jars.js';

/**
 * One line naming what to install, or `undefined` when the local broker can run here.
 * Maven is only needed while the jars are not in the cache yet.
 *
 * @example
 * missingBrokerTools() // 'Kafka integration tests skipped: java not found; install Java 17+ ...'
 */
export function missingBrokerTools(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // Maven is only needed while the jars are not in the cache yet.
  const needed = kafkaJarsCached({ env }) ? ['java'] : ['java', 'mvn'];
  const missing = needed.filter((tool) => !findExecutable(tool, env));
  if (missing.length === 0) return undefined;
  const what = missing.map((t) => (t === 'java' ? 'Java 17+ (Debian: default-jre-headless)' : 'Maven (Debian: maven)')).join(' and ');
  return `Kafka integration tests skipped: ${missing.join(' and ')} not found; install ${what}, or set KAFKA_BROKERS to an existing broker`;
}
