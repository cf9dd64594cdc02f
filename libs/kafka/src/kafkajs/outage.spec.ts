import { ManualClock } from '@streamlab/core/testing';
import { logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { kafkajsLogCreator } from '../logging.js';
import { OutageTracker } from './outage.js';

function capture() {
  const lines: { level: number; msg: string; outageMs?: number }[] = [];
  const logger = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  const warnings = () => lines.filter((l) => l.level === 40).map((l) => l.msg);
  return { logger, lines, warnings };
}

describe('OutageTracker', () => {
  it('warns once when a known broker stops answering and once when it is back, with the duration; kafkajs connection errors go to debug', () => {
    const clock = new ManualClock(0);
    const { logger, lines, warnings } = capture();
    const outage = new OutageTracker(logger, '127.0.0.1:9092', () => clock.now());
    const log = kafkajsLogCreator(logger, (m) => outage.failed(m))(logLevel.WARN);
    outage.reachable(); // a first request succeeded
    expect(warnings()).toEqual([]);
    clock.advance(1000);
    // kafkajs logs every attempt while the broker is down: 75 s of retries
    for (let i = 0; i < 40; i++) {
      log({
        namespace: 'Connection',
        level: logLevel.ERROR,
        label: 'ERROR',
        log: { timestamp: '', logger: 'kafkajs', message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' },
      });
      log({
        namespace: 'BrokerPool',
        level: logLevel.ERROR,
        label: 'ERROR',
        log: {
          timestamp: '',
          logger: 'kafkajs',
          message: 'Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED',
        },
      });
      clock.advance(1875);
    }
    expect(outage.down).toBe(true);
    outage.reachable();
    outage.reachable();
    expect(warnings()).toEqual([
      'Kafka broker 127.0.0.1:9092 stopped answering; retrying until it is back',
      'Kafka broker 127.0.0.1:9092 is reachable again after 75.0 s',
    ]);
    expect(lines.find((l) => l.msg.startsWith('Kafka broker 127.0.0.1:9092 is reachable again'))!.outageMs).toBe(75_000);
    expect(lines.filter((l) => l.msg.includes('ECONNREFUSED') && l.level >= 40)).toEqual([]);
    // other kafkajs errors still log at error
    log({ namespace: 'Producer', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: '', logger: 'kafkajs', message: 'something else' } });
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'something else' });
  });

  it('says "cannot reach" for a broker never reached (a wrong KAFKA_BROKERS, say)', () => {
    const { logger, warnings } = capture();
    const outage = new OutageTracker(logger, '127.0.0.1:1');
    outage.failed('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    outage.failed('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    expect(warnings()).toEqual(['cannot reach Kafka broker 127.0.0.1:1; retrying']);
  });
});
