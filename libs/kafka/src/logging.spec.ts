import { logLevel } from 'kafkajs';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { kafkajsLogCreator } from './logging.js';

function capture() {
  const lines: { level: number; msg: string; namespace: string; lib: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

describe('kafkajsLogCreator', () => {
  it('forwards kafkajs logs at their level, tagged lib kafkajs', () => {
    const { logger, lines } = capture();
    const log = kafkajsLogCreator(logger)(logLevel.DEBUG);
    log({ namespace: 'Consumer', level: logLevel.ERROR, label: 'ERROR', log: { message: 'Crash: boom', timestamp: 't' } });
    log({ namespace: 'Producer', level: logLevel.WARN, label: 'WARN', log: { message: 'slow', timestamp: 't' } });
    expect(lines.map((l) => [l.level, l.msg, l.namespace, l.lib])).toEqual([
      [50, 'Crash: boom', 'Consumer', 'kafkajs'],
      [40, 'slow', 'Producer', 'kafkajs'],
    ]);
  });

  it("logs a broker's error answer to one request (retried by kafkajs) at debug, not error", () => {
    const { logger, lines } = capture();
    const log = kafkajsLogCreator(logger)(logLevel.DEBUG);
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { message: 'Response GroupCoordinator(key: 10, version: 2)', timestamp: 't', error: 'The coordinator is loading' } as never,
    });
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { message: 'Connection error: ECONNREFUSED', timestamp: 't' } });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [20, 'Response GroupCoordinator(key: 10, version: 2)'],
      [50, 'Connection error: ECONNREFUSED'],
    ]);
  });
});
