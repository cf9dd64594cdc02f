/**
 * Broker outages as a person wants to see them: kafkajs logs every failed connection attempt
 * (dozens of `ECONNREFUSED` lines a minute) and retries; a query rides out a short outage without
 * anyone knowing it happened. The tracker turns that into two warnings: one when the broker stops
 * answering, and one when it answers again, with how long it was gone.
 */
import type { Logger } from '@streamlab/core';

/**
 * Follows whether the client's broker answers.
 *
 * @example
 * const outage = new OutageTracker(logger, '127.0.0.1:9092');
 * outage.failed('connect ECONNREFUSED'); // warns once: unreachable
 * outage.reachable(); // warns once: reachable again after 75.2 s
 */
export class OutageTracker {
  private since: number | undefined;
  private attempts = 0;
  /** True once any request has succeeded: a later failure is an outage of a known broker. */
  wasReachable = false;

  constructor(
    private readonly logger: Logger,
    private readonly brokers: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the broker is not answering. */
  get down(): boolean {
    return this.since !== undefined;
  }

  /** A connection attempt failed (`reason`, e.g. kafkajs's `Connection error: connect ECONNREFUSED …`). */
  failed(reason: string): void {
    this.attempts++;
    if (this.since !== undefined) return;
    this.since = this.now();
    this.logger.warn(
      { brokers: this.brokers, reason },
      this.wasReachable ? `Kafka broker ${this.brokers} stopped answering; retrying until it is back` : `cannot reach Kafka broker ${this.brokers}; retrying`,
    );
  }

  /** A request succeeded. */
  reachable(): void {
    this.wasReachable = true;
    if (this.since === undefined) return;
    const outageMs = this.now() - this.since;
    const attempts = this.attempts;
    this.since = undefined;
    this.attempts = 0;
    this.logger.warn(
      { brokers: this.brokers, outageMs, failedAttempts: attempts },
      `Kafka broker ${this.brokers} is reachable again after ${(outageMs / 1000).toFixed(1)} s`,
    );
  }
}

/** Whether a kafkajs log message reports a failed connection (logged by the tracker instead). */
export function isConnectionFailure(namespace: string, message: string): boolean {
  return (
    (namespace === 'Connection' && (message.startsWith('Connection error') || message.startsWith('Connection timeout'))) ||
    (namespace === 'BrokerPool' && message.startsWith('Failed to connect'))
  );
}
