/**
 * The hub on the real Kafka broker the test run started (`KAFKA_BROKERS`): the demo produces to
 * and reads from Apache Kafka, and its results reach the live channels.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LiveHub } from '@streamlab/live';
import { randomUUID } from 'node:crypto';
import { queries } from './demo/queries.js';
import { createDemoUseCase } from './demo/use-case.js';
import { startHub } from './hub.js';

describe('hub on a real broker', () => {
  it('runs the demo against KAFKA_BROKERS and reports the external mode', async () => {
    const brokers = process.env.KAFKA_BROKERS;
    expect(brokers, 'the integration global setup provides KAFKA_BROKERS').toBeTruthy();
    const live = new LiveHub();
    const hub = await startHub({
      logger: pino({ level: 'silent' }),
      env: { PORT: '0', KAFKA_BROKERS: brokers },
      useCases: [createDemoUseCase({ topic: `demo.readings.${randomUUID()}` })],
      hub: live,
    });
    try {
      expect(hub.mode).toBe(`external Kafka at ${brokers}`);
      const rows = () =>
        live
          .channels('demo')
          .find((c) => c.query === queries.rides.id)
          ?.snapshot().rows.length ?? 0;
      await expect.poll(rows, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
      const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { status: string; broker: { mode: string } };
      expect(health).toMatchObject({ status: 'ok', broker: { mode: 'external' } });
    } finally {
      await hub.close();
    }
  });
});
