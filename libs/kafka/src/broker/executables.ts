/** Finding the programs the local broker needs (`java`, `mvn`) on the PATH. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The absolute path of `name` on `env.PATH`, or `undefined` when it is not installed.
 *
 * @example
 * findExecutable('java') // '/usr/bin/java'
 */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** What is missing to run the local broker, as one line saying what to install; `undefined` when nothing is. */
export function missingBrokerTools(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing = ['java', 'mvn'].filter((tool) => !findExecutable(tool, env));
  if (missing.length === 0) return undefined;
  const what = missing.map((t) => (t === 'java' ? 'Java 17+ (Debian: default-jre-headless)' : 'Maven (Debian: maven)')).join(' and ');
  return `Kafka integration tests skipped: ${missing.join(' and ')} not found; install ${what}, or set KAFKA_BROKERS to an existing broker`;
}
