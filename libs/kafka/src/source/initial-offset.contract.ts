/**
 * Resolved starting offsets survive a crash before the first commit (the engine records
 * `KafkaSource.initialOffset()` in `sources/<i>/0`, as Spark does). Run against the embedded
 * broker (unit) and the real broker (integration).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Stream, StreamingSession, type Logger, type Sink } from '@streamlab/core';
import { afterAll, expect, it } from 'vitest';
import type { KafkaClient } from '../port.js';
import { uniqueName } from '../testing/kafka-test.js';
import { kafkaSource, type KafkaRow } from './kafka-source.js';

/** A sink that keeps each batch's values; with `failFirst` the first batch throws (a crash mid-batch). */
function recordingSink(failFirst: boolean): Sink<KafkaRow> & { batches: Map<number, string[]> } {
  let failed = !failFirst;
  const batches = new Map<number, string[]>();
  return {
    description: 'recording',
    batches,
    addBatch(rows, info) {
      if (!failed) {
        failed = true;
        throw new Error('crash before commit');
      }
      batches.set(info.batchId, rows.map((r) => r.value!.toString()).sort());
    },
  };
}

/**
 * Registers the tests for the client `make()` returns (called once).
 *
 * @example
 * describe('initial offsets on my adapter', () => initialOffsetContract(() => createMyKafkaClient()));
 */
export function initialOffsetContract(make: () => KafkaClient): void {
  const client = make();
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await client.close();
  });
  const session = new StreamingSession({ logger: pino({ level: 'silent' }) as unknown as Logger });
  const setup = async () => {
    const topic = uniqueName('initial');
    await client.admin.createTopics([{ topic, partitions: 2 }]);
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-initial-'));
    dirs.push(dir);
    const send = (prefix: string, n: number) => client.producer().send(Array.from({ length: n }, (_, i) => ({ topic, key: `k${i}`, value: `${prefix}${i}` })));
    const start = (sink: Sink<KafkaRow>) =>
      Stream.fromSource(kafkaSource({ client, subscribe: topic, startingOffsets: 'latest' }))
        .writeStream.option('checkpointLocation', dir)
        .sink(sink)
        .session(session)
        .start();
    return { dir, send, start };
  };

  it("startingOffsets 'latest' is recorded before the first batch: a restart reads what arrived while it was down", async () => {
    const { dir, send, start } = await setup();
    await send('old', 5);
    const first = start(recordingSink(false));
    await first.processAllAvailable();
    await first.stop(); // nothing was committed: no batch ran
    expect(readFileSync(join(dir, 'sources', '0', '0'), 'utf8')).toMatch(/^v1\n/);
    await send('down', 4);
    const sink = recordingSink(false);
    const second = start(sink);
    await second.processAllAvailable();
    await second.stop();
    expect([...sink.batches.values()].flat().sort()).toEqual(['down0', 'down1', 'down2', 'down3']);
  });

  it("a crash after offsets/0 and before commits/0 replays batch 0 from the recorded 'latest' (no skip)", async () => {
    const { send, start } = await setup();
    await send('old', 5);
    const first = start(recordingSink(true));
    await first.processAllAvailable();
    await send('a', 3);
    await expect(first.processAllAvailable()).rejects.toThrow(/crash before commit/);
    await send('b', 4);
    const sink = recordingSink(false);
    const second = start(sink);
    await second.processAllAvailable();
    await second.stop();
    expect(sink.batches.get(0)).toEqual(['a0', 'a1', 'a2']); // exactly what batch 0 read the first time
    expect([...sink.batches.values()].flat().sort()).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2', 'b3']);
  });
}
