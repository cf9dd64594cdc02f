import { randomBytes } from 'node:crypto';

/**
 * A new KRaft cluster id: 16 random bytes in URL-safe base64 (22 characters), as Kafka's own
 * `Uuid.randomUuid()` makes them.
 *
 * Like Kafka, it never starts with `-`: `kafka-storage format -t -Abc…` is read as an option and
 * fails with "argument --cluster-id/-t: expected one argument" (1 start in 64 failed that way
 * before this rule).
 */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
