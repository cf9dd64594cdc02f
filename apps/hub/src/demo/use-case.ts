/**
 * The built-in demo use case: a bike fleet in a small city. It runs until the industry use
 * cases land (and with `npm start -- --demo` after that), so the live layer can be tried end to
 * end: the simulator produces readings to the `demo.readings` topic on the hub's broker
 * (embedded by default), and six queries read it with the Kafka source and stream their results
 * to the dashboard.
 */
import { z } from 'zod';
import { Stream } from '@streamlab/core';
import { decodeJson, ensureTopics, kafkaSource } from '@streamlab/kafka';
import { defineUseCase, type UseCase } from '@streamlab/live';
import { startDemoPipelines } from './pipelines.js';
import { queries } from './queries.js';
import { BikeSimulator, type BikeReading } from './simulator.js';

const TICK_MS = 100;
export const DEMO_TOPIC = 'demo.readings';

const Reading = z.object({
  ts: z.number(),
  bike: z.string(),
  zone: z.enum(['north', 'south', 'east', 'west', 'center']),
  lon: z.number(),
  lat: z.number(),
  speedKmh: z.number(),
  battery: z.number(),
});

/**
 * The demo use case; `topic` defaults to `demo.readings` (tests pass a unique one).
 *
 * @example
 * const uc = createDemoUseCase({ topic: `demo.readings.${randomUUID()}` });
 */
export function createDemoUseCase(opts: { topic?: string } = {}): UseCase {
  const topic = opts.topic ?? DEMO_TOPIC;
  return defineUseCase({
    name: 'demo',
    title: 'Bike fleet demo',
    description: 'Delivery bikes in a small city: rides per zone, speeding alerts, live positions.',
    queries,
    dashboard: { entry: new URL('./dashboard.ts', import.meta.url).pathname },
    tile: {
      sparkline: { query: queries.ridesUpdate, x: 'window', y: 'rides', label: 'rides in the last 10 s window', skipLast: true },
      alerts: { query: queries.alerts, entity: 'bike', reason: 'reason', time: 'ts', severity: 'severity' },
    },
    async start(ctx) {
      const { kafka } = ctx.broker;
      // Bounded: the embedded broker keeps the last 200k records; a real broker one hour.
      await ensureTopics(kafka, [{ topic, partitions: 2 }]);
      const queries = startDemoPipelines({
        namespace: ctx.namespace,
        hub: ctx.hub,
        logger: ctx.logger,
        readings: (query) =>
          Stream.fromSource<BikeReading>(
            kafkaSource({ client: kafka, subscribe: topic, groupId: `${topic}.${query}`, startingOffsets: 'latest', decode: decodeJson(Reading) }),
          ),
      });
      const producer = kafka.producer();
      await producer.connect();
      const sim = new BikeSimulator({ bikes: 16, seed: 7 });
      let last = Date.now();
      let sending = false;
      const timer = setInterval(() => {
        if (sending) return; // a slow broker: skip a tick rather than pile up sends
        const now = Date.now();
        const rows = sim.tick(now, now - last);
        last = now;
        if (rows.length === 0) return;
        sending = true;
        producer
          .send(rows.map((r) => ({ topic, key: r.bike, value: JSON.stringify(r) })))
          .catch((err: unknown) => ctx.logger.warn({ err }, 'demo producer could not send'))
          .finally(() => (sending = false));
      }, TICK_MS);
      const stop = async () => {
        clearInterval(timer);
        await producer.close();
      };
      ctx.signal.addEventListener('abort', () => clearInterval(timer));
      return { queries, stop };
    },
  });
}

/** The demo as the hub runs it. */
export const demoUseCase = createDemoUseCase();
