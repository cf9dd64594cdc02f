/**
 * The use-case kit on the embedded broker: declared topics exist before the queries subscribe,
 * readers start where the topics ended, each bad record is dead-lettered once however many
 * queries read it, queries are named by their handles, and stop ends the simulator too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { z } from 'zod';
import { count } from '@streamlab/core';
import { defineModel } from '@streamlab/datagen';
import { createEmbeddedKafka, decodeJson, deadLetterTopic, EmbeddedBroker, type KafkaClient } from '@streamlab/kafka';
import { useCaseKit } from './kit.js';
import { LiveHub } from './live-hub.js';
import { defineQueries, query } from './queries.js';
import type { DeadLetterRow } from './dead-letters.js';
import type { RunningUseCase, UseCaseContext } from './use-case.js';

const Reading = z.object({ id: z.string(), device: z.string(), ts: z.number(), value: z.number() });
type Reading = z.infer<typeof Reading>;
const model = defineModel<{ device: string }, Reading>({
  name: 'kit.readings',
  entities: 5,
  timeField: 'ts',
  createEntity: ({ index }) => ({ device: `d${index}` }),
  key: (e) => e.device,
  step: (e, ctx) => ({ id: `r${ctx.seq}`, device: e.device, ts: ctx.now, value: ctx.rng.range(0, 100) }),
  recordId: (r) => r.id,
});
const queries = defineQueries({
  perDevice: query<{ device: string; readings: number }>('per-device'),
  deadLetters: query<DeadLetterRow>('dead-letters'),
});

let kafka: KafkaClient | undefined;
let running: RunningUseCase | undefined;
const abort = new AbortController();
afterEach(async () => {
  abort.abort();
  for (const q of running?.queries ?? []) await q.stop();
  await running?.stop?.();
  await kafka?.close();
  running = undefined;
});

function context(client: KafkaClient, hub = new LiveHub(), simulation?: UseCaseContext['simulation']): UseCaseContext {
  return {
    namespace: 'kit-test',
    hub,
    logger: pino({ level: 'silent' }),
    broker: { mode: 'embedded', kafka: client },
    signal: abort.signal,
    ...(simulation ? { simulation } : {}),
  };
}

describe('useCaseKit', () => {
  it('creates the declared topics and their dead-letter topics, and refuses an undeclared one', async () => {
    kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const kit = await useCaseKit(context(kafka), { topics: [{ topic: 't.in', partitions: 2, deadLetters: true }, { topic: 't.out' }] });
    expect((await kafka.admin.listTopics()).sort()).toEqual(['t.in', 't.in-dlq', 't.out']);
    expect(() => kit.read('t.other', 'r', { decode: decodeJson(Reading) })).toThrow(
      "topic 't.other' is not declared; declare it in useCaseKit's topics (t.in, t.out)",
    );
    expect(() => kit.deadLetters(queries.deadLetters, 't.out')).toThrow("topic 't.out' has no dead-letter topic");
    running = kit.running();
  });

  it('reads from where the topic ended, dead-letters each bad record once, names queries by handle, and stops the simulator', { timeout: 60_000 }, async () => {
    kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const client = kafka;
    // records written before the kit starts are not this run's: readers skip them
    await client.admin.createTopics([{ topic: 'k.readings', partitions: 2 }]);
    const producer = client.producer();
    await producer.send([{ topic: 'k.readings', key: 'old', value: JSON.stringify({ id: 'old', device: 'old', ts: 0, value: 1 }) }]);
    await producer.close();

    const hub = new LiveHub();
    const kit = await useCaseKit(context(client, hub), { topics: [{ topic: 'k.readings', deadLetters: true }] });
    const read = (reader: string) => kit.read('k.readings', reader, { decode: decodeJson(Reading), eventTimeField: 'ts' });
    const perDevice = kit.publish(queries.perDevice, read('per-device').groupBy('device').agg({ readings: count() }), 'update');
    const second = kit.run('second-reader', read('second'), 'append', { description: 'discard', addBatch() {} });
    kit.deadLetters(queries.deadLetters, 'k.readings');
    const simulated = kit.simulate(model, { topic: 'k.readings', ratePerSec: 2_000, speed: 1, durationMs: 500, disorder: { malformed: 0.05 } });
    running = kit.running();

    expect(perDevice.name).toBe('per-device');
    expect(running.queries.map((q) => q.name)).toEqual(['per-device', 'second-reader', 'dead-letters']);
    const summary = await simulated;
    expect(summary?.stats.malformed).toBeGreaterThan(0);
    for (const q of kit.queries) await q.processAllAvailable();

    // every record the simulator wrote was read or counted as invalid; the older record was not
    const sourceOf = (q: typeof perDevice) => q.recentProgress.flatMap((p) => p.sources);
    const readRows = sourceOf(perDevice).reduce((n, s) => n + s.numInputRows, 0);
    const invalid = Number(sourceOf(perDevice).at(-1)?.metrics?.numInvalidRowsTotal);
    expect(readRows + invalid).toBe(summary!.stats.emitted);
    expect(Number(sourceOf(second).at(-1)?.metrics?.numInvalidRowsTotal)).toBe(invalid);
    const dlq = await client.admin.topicOffsets(deadLetterTopic('k.readings'));
    expect(dlq.reduce((n, p) => n + p.high - p.low, 0)).toBe(invalid);

    await running.stop?.();
    // stopped: the simulator's promise has settled and nothing more is written
    const end = await client.admin.topicOffsets('k.readings');
    expect(end.reduce((n, p) => n + p.high, 0)).toBe(summary!.stats.emitted + 1);
  });

  it("runs the simulator at the hub's --rate (events per wall second) and --speed over the use case's own pace", { timeout: 30_000 }, async () => {
    kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const kit = await useCaseKit(context(kafka, new LiveHub(), { rate: 4_000, speed: 8 }), { topics: [{ topic: 'paced' }] });
    // asked for 10 simulated events/s in real time: the hub's 4,000/s wins, over 500 ms of wall time
    const summary = await kit.simulate(model, { topic: 'paced', ratePerSec: 10, speed: 1, durationMs: 500 });
    running = kit.running();
    expect(summary!.targetRatePerSec).toBe(4_000);
    expect(summary!.stats.emitted).toBeGreaterThan(1_500);
    expect(summary!.stats.emitted).toBeLessThan(2_500);
    // 8x: half a second of wall time covers four simulated seconds
    expect(summary!.speed).toBe(8);
    expect(summary!.endMs - summary!.startMs).toBe(4_000);
  });
});
