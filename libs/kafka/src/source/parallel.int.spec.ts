/**
 * `runParallel` over a real broker: two worker threads, each reading its shard of a 4-partition
 * topic, give the counts of the whole input; stopped and started again on their checkpoints, they
 * go on from where they were; a changed worker count is refused.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParallelQuery, runParallel } from '@streamlab/core/node';
import { afterAll, expect, it } from 'vitest';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import { describeKafka, eventually, testBrokers, uniqueName } from '../testing/kafka-test.js';
import type { CountsData } from './fixtures/parallel-counts.js';

const FIXTURE = new URL('./fixtures/parallel-counts.ts', import.meta.url);
const KEYS = 10;
const keyOf = (i: number) => `k${Math.floor(i / 7) % KEYS}`;

describeKafka('runParallel on the real broker', () => {
  const client = createKafkajsClient({ brokers: testBrokers() });
  const dirs: string[] = [];
  afterAll(async () => {
    await client.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Record `i`: key `k<floor(i / 7) % KEYS>`, event time `i` seconds (in order, so nothing is late). */
  const produce = (topic: string, from: number, to: number) =>
    client.producer().send(
      Array.from({ length: to - from }, (_, j) => {
        const i = from + j;
        const e = { key: keyOf(i), ts: i * 1_000 };
        return { topic, key: e.key, value: JSON.stringify(e) };
      }),
    );
  /** The expected final count per `key|windowStart` of records 0 .. n-1. */
  const expected = (n: number) => {
    const m = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = `${keyOf(i)}|${Math.floor(i / 10) * 10_000}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  /** The last value per key on the output topic. */
  const results = async (topic: string) => {
    const offsets = await client.admin.topicOffsets(topic);
    const parts = await client.reader({}).read(offsets.map((p) => ({ topic, partition: p.partition, from: p.low, until: p.high })));
    const m = new Map<string, number>();
    for (const r of parts.flat()) m.set(r.key!.toString(), (JSON.parse(r.value!.toString()) as { n: number }).n);
    return m;
  };
  const same = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  /** Waits until the output holds the counts of the first `n` records; fails at once with the query's error if it ends. */
  const countsOf = (q: ParallelQuery, output: string, n: number) =>
    Promise.race([
      eventually(async () => same(await results(output), expected(n)), { timeoutMs: 60_000, what: `the counts of ${n} records` }),
      q.awaitTermination().then(() => {
        throw new Error('the parallel query ended before its output was complete');
      }),
    ]);

  it('two workers count a 4-partition topic, stop, and go on from their checkpoints', { timeout: 120_000 }, async () => {
    const input = uniqueName('parallel-in');
    const output = uniqueName('parallel-out');
    await client.admin.createTopics([
      { topic: input, partitions: 4 },
      { topic: output, partitions: 2 },
    ]);
    const checkpointLocation = mkdtempSync(join(tmpdir(), 'parallel-cp-'));
    dirs.push(checkpointLocation);
    const data: CountsData = { brokers: testBrokers(), input, output };
    // The first run stops inside window [400 s, 410 s): its count of k7 must go on after the restart.
    await produce(input, 0, 405);

    const first = runParallel({ module: FIXTURE, workers: 2, checkpointLocation, data });
    const rows = [0, 0];
    first.onProgress((p, worker) => {
      rows[worker]! += p.numInputRows;
    });
    await first.started;
    await countsOf(first, output, 405);
    await first.stop();
    // Each worker read its own partitions: both had rows, and together every record once.
    expect(rows[0]).toBeGreaterThan(0);
    expect(rows[1]).toBeGreaterThan(0);
    expect(rows[0]! + rows[1]!).toBe(405);
    expect(readdirSync(checkpointLocation).sort()).toEqual(['parallel.json', 'worker-0', 'worker-1']);

    await produce(input, 405, 700);
    const second = runParallel({ module: FIXTURE, workers: 2, checkpointLocation, data });
    const again = [0, 0];
    second.onProgress((p, worker) => {
      again[worker]! += p.numInputRows;
    });
    await countsOf(second, output, 700);
    await second.stop();
    // From the checkpoints: only the new records were read.
    expect(again[0]! + again[1]!).toBe(295);
    expect((await results(output)).get('k7|400000')).toBe(6);
    expect(() => runParallel({ module: FIXTURE, workers: 3, checkpointLocation, data })).toThrow(expect.objectContaining({ code: 'PARALLEL_WORKERS_CHANGED' }));
  });
});
