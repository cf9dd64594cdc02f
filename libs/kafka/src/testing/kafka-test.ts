/**
 * Helpers for Kafka integration tests (`*.int.spec.ts`): the broker of the run, a `describe` that
 * skips (with the reason the global setup printed) when no broker can run here, and unique names.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, inject } from 'vitest';
import './provided.js';

/**
 * The broker list for this test run (`KAFKA_BROKERS` from the global setup).
 *
 * @example
 * const kafka = new Kafka({ brokers: testBrokers() });
 */
export function testBrokers(): string[] {
  // Skipped suites are still collected: give them an address that is never dialled.
  if (inject('kafkaSkipReason')) return ['kafka-skipped.invalid:9092'];
  const brokers = inject('kafkaBrokers') || process.env['KAFKA_BROKERS'] || '';
  if (!brokers) throw new Error('no Kafka broker for this test: run it in the `integration` vitest project (its global setup starts one)');
  return brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/**
 * `describe` for tests that need the real broker: skipped (the global setup printed why, once)
 * when Java or Maven is missing outside CI.
 *
 * @example
 * describeKafka('round trip', () => { it('...', async () => { testBrokers(); }); });
 */
export function describeKafka(name: string, fn: () => void): void {
  // Only outside CI: under CI=true the global setup fails instead of setting a skip reason.
  describe.skipIf(Boolean(inject('kafkaSkipReason')))(name, fn);
}

/**
 * A name no other test (or earlier run against the same broker) uses: `<prefix>-<random>`.
 *
 * @example
 * const topic = uniqueName('orders'); // 'orders-3f9a1c0b7e'
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/**
 * Polls `check` until it returns a value other than `undefined`/`false` (a condition, not a fixed
 * delay): for what a real broker does asynchronously, like writing transaction markers.
 *
 * @example
 * await eventually(async () => (await admin.topicOffsets(topic, 'read_committed'))[0]!.high >= 4);
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let lastError: unknown;
  for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'a condition'}`, { cause: lastError });
    await delay(wait);
  }
}
