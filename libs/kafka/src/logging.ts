/**
 * Logging: every function takes an optional pino-compatible `Logger`; without one it is silent.
 * kafkajs logs through `kafkajsLogCreator`, so its messages land in the same logger.
 */
import { pino } from 'pino';
import type { logCreator } from 'kafkajs';
import { logLevel } from './kafkajs/kafkajs.js';
import type { Logger } from '@streamlab/core';
import { isConnectionFailure } from './kafkajs/outage.js';

/** A logger that writes nothing (the default for library code). */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * A kafkajs `logCreator` forwarding kafkajs's logs to `logger` (child `{ lib: 'kafkajs' }`).
 *
 * @example
 * new Kafka({ brokers, logCreator: kafkajsLogCreator(logger), logLevel: logLevel.WARN });
 */
export function kafkajsLogCreator(logger: Logger, onConnectionFailure?: (message: string) => void): logCreator {
  const child = logger.child({ lib: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...rest } = log;
      const obj = { namespace, ...rest };
      // One failed connection attempt of many while a broker is down: the client's outage
      // tracker warns once when it starts and once when it ends, with its duration.
      if (onConnectionFailure && level === logLevel.ERROR && isConnectionFailure(namespace, message)) {
        onConnectionFailure(message);
        child.debug(obj, message);
        return;
      }
      // A broker's error answer to one request ("The coordinator is loading", "no leader" on a
      // fresh topic): kafkajs retries it, and what finally fails reaches the caller as an error.
      if (level === logLevel.ERROR && namespace === 'Connection' && message.startsWith('Response ')) child.debug(obj, message);
      else if (level === logLevel.ERROR) child.error(obj, message);
      else if (level === logLevel.WARN) child.warn(obj, message);
      else if (level === logLevel.INFO) child.info(obj, message);
      else child.debug(obj, message);
    };
}
