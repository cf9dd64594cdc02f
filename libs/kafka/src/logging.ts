/**
 * Logging: every function takes an optional pino-compatible `Logger`; without one it is silent.
 * kafkajs logs through `kafkajsLogCreator`, so its messages land in the same logger.
 */
import { pino } from 'pino';
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '@streamlab/core';

/** A logger that writes nothing (the default for library code). */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * A kafkajs `logCreator` forwarding kafkajs's logs to `logger` (child `{ lib: 'kafkajs' }`).
 *
 * @example
 * new Kafka({ brokers, logCreator: kafkajsLogCreator(logger), logLevel: logLevel.WARN });
 */
export function kafkajsLogCreator(logger: Logger): logCreator {
  const child = logger.child({ lib: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...rest } = log;
      const obj = { namespace, ...rest };
      if (level === logLevel.ERROR) child.error(obj, message);
      else if (level === logLevel.WARN) child.warn(obj, message);
      else if (level === logLevel.INFO) child.info(obj, message);
      else child.debug(obj, message);
    };
}
