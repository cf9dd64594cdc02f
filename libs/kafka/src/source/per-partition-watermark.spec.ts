/**
 * Per-partition watermarks (extension, `withWatermark(field, delay, { perPartition: true })`) on
 * the embedded broker with a manual clock: a partition that lags in event time keeps its rows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { count, Stream, StreamingSession, window, type Logger, type WatermarkOptions } from '@streamlab/core';
import { ManualClock } from '@streamlab/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { decodeJson } from './decode.js';
import { kafkaSource } from './kafka-source.js';

const Ev = z.object({ k: z.string(), ts: z.number() });
type EvRow = z.infer<typeof Ev>;
const sec = (s: number) => s * 1000;
const silent = pino({ level: 'silent' }) as unknown as Logger;

async function setup(options: WatermarkOptions<EvRow>, checkpointLocation?: string) {
  const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  await client.admin.createTopics([{ topic: 'ev', partitions: 2 }]);
  const clock = new ManualClock(0);
  const session = new StreamingSession({ clock, logger: silent });
  const send = (partition: number, ...ts: number[]) =>
    client.producer().send(ts.map((t) => ({ topic: 'ev', partition, value: JSON.stringify({ k: 'a', ts: sec(t) }) })));
  const start = (table: string) => {
    const source = kafkaSource({ client, subscribe: 'ev', startingOffsets: 'earliest', eventTimeField: 'ts', decode: decodeJson(Ev) });
    let writer = Stream.fromSource(source)
      .withWatermark('ts', '10 seconds', options)
      .groupBy(window('ts', '1 minute'))
      .agg({ n: count() })
      .writeStream.outputMode('update')
      .format('memory')
      .queryName(table);
    if (checkpointLocation) writer = writer.option('checkpointLocation', checkpointLocation);
    return writer.session(session).start();
  };
  return { client, clock, session, send, start };
}

const dropped = (q: { lastProgress: { stateOperators: { numRowsDroppedByWatermark: number }[] } | null }) =>
  q.lastProgress?.stateOperators[0]?.numRowsDroppedByWatermark;
const countOf = (session: StreamingSession, table: string, startMs: number) =>
  (session.table(table) as { window: { start: number }; n: number }[]).filter((r) => r.window.start === startMs).at(-1)?.n;

describe('per-partition watermarks (extension, embedded broker)', () => {
  it("without perPartition a partition ahead in event time makes the lagging partition's rows late", async () => {
    const { send, start, session, client } = await setup({});
    const q = start('plain');
    await send(0, 100);
    await send(1, 10); // one batch: watermark -> 100 s - 10 s = 90 s
    await q.processAllAvailable();
    await send(1, 20); // behind 90 s: late
    await q.processAllAvailable();
    expect(dropped(q)).toBe(1);
    expect(countOf(session, 'plain', 0)).toBe(1);
    await q.stop();
    await client.close();
  });

  it('with perPartition the slowest partition sets the watermark: its rows are kept', async () => {
    const { send, start, session, client } = await setup({ perPartition: true });
    const q = start('per_partition');
    await send(0, 100);
    await send(1, 10); // watermark -> min(100 s, 10 s) - 10 s = 0
    await q.processAllAvailable();
    await send(1, 20);
    await q.processAllAvailable();
    expect(dropped(q)).toBe(0);
    expect(countOf(session, 'per_partition', 0)).toBe(2);
    expect(q.lastProgress?.eventTime.watermark).toBe('1970-01-01T00:00:10.000Z'); // min(100 s, 20 s) - 10 s
    await send(0, 130);
    await send(1, 75); // slowest partition now at 75 s: watermark 65 s
    await q.processAllAvailable();
    await send(0, 140);
    await q.processAllAvailable();
    expect(q.lastProgress?.eventTime.watermark).toBe('1970-01-01T00:01:05.000Z');
    await q.stop();
    await client.close();
  });

  it('with idleTimeout a silent partition stops holding the watermark back while others have rows', async () => {
    const { send, start, clock, client } = await setup({ perPartition: true, idleTimeout: '1 minute' });
    const q = start('idle_partition');
    await send(0, 100);
    await send(1, 10);
    await q.processAllAvailable(); // watermark -> 0
    clock.advance(sec(30));
    await send(0, 110);
    await q.processAllAvailable(); // partition 1 silent 30 s: still holds it (0)
    clock.advance(sec(30));
    await send(0, 120);
    await q.processAllAvailable(); // partition 1 silent 60 s: idle, left out -> 110 s
    await send(0, 121);
    await q.processAllAvailable();
    expect(q.recentProgress.map((p) => p.eventTime.watermark)).toContain('1970-01-01T00:01:50.000Z');
    expect(q.recentProgress.map((p) => p.eventTime.watermark)).not.toContain('1970-01-01T00:01:40.000Z');
    await q.stop();
    await client.close();
  });

  it('keeps per-partition maxima in the checkpoint, so a restart still waits for the lagging partition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-ppwm-'));
    try {
      const { send, start, session, client } = await setup({ perPartition: true }, dir);
      const first = start('restart_a');
      await send(0, 100);
      await send(1, 10);
      await first.processAllAvailable();
      await first.stop();
      expect(readFileSync(join(dir, 'partition-watermarks'), 'utf8')).toContain('"ev-1": 10000');
      await send(0, 200); // only the fast partition: the slow one (10 s) still holds the watermark
      const second = start('restart_b');
      await second.processAllAvailable();
      await send(1, 20);
      await second.processAllAvailable();
      expect(dropped(second)).toBe(0);
      expect(countOf(session, 'restart_b', 0)).toBe(2); // 10 s (restored state) + 20 s
      await second.stop();
      await client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses perPartition on a stream that is not read directly from a source that tracks partitions', async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const source = kafkaSource({ client, subscribe: 'ev', decode: decodeJson(Ev) });
    expect(() =>
      Stream.fromSource(source)
        .filter(() => true)
        .withWatermark('ts', '10 seconds', { perPartition: true }),
    ).toThrowError(expect.objectContaining({ code: 'PER_PARTITION_WATERMARK_UNSUPPORTED' }));
    expect(() => Stream.fromSource(source).withWatermark('ts', '10 seconds', { perPartition: true })).toThrowError(
      expect.objectContaining({ code: 'KAFKA_EVENT_TIME_FIELD' }),
    );
    await client.close();
  });
});
