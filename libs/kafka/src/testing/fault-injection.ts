/**
 * Fault injection: the windowed-count query (`fault-query.ts`) runs in a child process while the
 * parent produces records; the child is killed with SIGKILL at random moments and restarted from
 * its checkpoint each time. Afterwards its output (read_committed) is compared with the result of
 * the same computation over the whole input.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { serveKafkaOverIpc } from '../ipc/ipc-server.js';
import type { KafkaClient, KafkaRecord, OutgoingRecord } from '../port.js';
import { DEFAULT_MAX_MESSAGE_BYTES, singleRecordBatchBytes } from '../record-size.js';
import { DLQ_HEADERS } from '../source/dead-letter.js';
import type { FaultResult } from './fault-query.js';
import { eventually, uniqueName } from './kafka-test.js';
import { seededRandom } from '@streamlab/core/testing';

export interface FaultRun {
  /** The parent's client (for producing and checking). */
  client: KafkaClient;
  /** `real`: the child connects to `brokers`; `embedded`: the child is served `client` over IPC. */
  mode: { kind: 'real'; brokers: string } | { kind: 'embedded' };
  guarantee: 'at-least-once' | 'exactly-once';
  records: number;
  kills: number;
  seed: number;
  /**
   * Mix bad records into the input: one invalid-UTF-8 record per chunk, and every `oversizedEvery`th
   * chunk an invalid-JSON record as large as the input topic allows. Each must be dead-lettered.
   */
  badRecords?: { oversizedEvery: number };
}

export interface FaultOutcome {
  expected: Map<string, number>;
  /** Every output record (read_committed), as `key|start` -> the counts written, in order. */
  output: Map<string, number[]>;
  kills: number;
  batchesSeen: number;
  /** The bad records sent, by key, with the reason their dead letter must give. */
  bad: Map<string, RegExp>;
  /** The dead letters read back (read_committed), by key: every `streamlab.error` written for it. */
  deadLetters: Map<string, string[]>;
}

const PARTITIONS = 3;
const KEYS = 10;
const BASE = Date.UTC(2026, 0, 1);
const STEP_MS = 100;
const CHUNK = 2000;

/**
 * Runs the fault-injection scenario and returns what to compare.
 *
 * @example
 * const r = await runFaultInjection({ client, mode: { kind: 'embedded' }, guarantee: 'exactly-once', records: 200_000, kills: 10, seed: 1 });
 */
export async function runFaultInjection(run: FaultRun): Promise<FaultOutcome> {
  const { client } = run;
  const random = seededRandom(run.seed);
  const input = uniqueName('fault-in');
  const output = uniqueName('fault-out');
  const query = uniqueName('fault-query');
  const checkpoint = mkdtempSync(join(tmpdir(), 'streamlab-fault-'));
  await client.admin.createTopics([
    { topic: input, partitions: PARTITIONS },
    { topic: output, partitions: PARTITIONS },
  ]);

  const expected = new Map<string, number>();
  const record = (i: number): OutgoingRecord => {
    const key = `k${i % KEYS}`;
    const ts = BASE + i * STEP_MS;
    const k = `${key}|${ts - (ts % 60_000)}`;
    expected.set(k, (expected.get(k) ?? 0) + 1);
    return { topic: input, key, value: JSON.stringify({ key, ts, seq: i }) };
  };

  const bad = new Map<string, RegExp>();
  let badCount = 0;
  const invalidUtf8 = (i: number): OutgoingRecord => {
    const key = `bad-utf8-${badCount++}`;
    bad.set(key, /^invalid UTF-8 at byte 9$/);
    // valid JSON around a byte that is never UTF-8: it must not decode to a U+FFFD key
    return { topic: input, key, value: Buffer.concat([Buffer.from('{"key":"k'), Buffer.from([0xff]), Buffer.from(`","ts":${BASE + i * STEP_MS},"seq":-1}`)]) };
  };
  const oversized = (): OutgoingRecord => {
    const key = `bad-big-${badCount++}`;
    bad.set(key, /^malformed JSON/);
    // Invalid JSON exactly as large as the input topic's default max.message.bytes allows.
    let n = DEFAULT_MAX_MESSAGE_BYTES - 100;
    while (singleRecordBatchBytes({ key, value: Buffer.alloc(n) }) > DEFAULT_MAX_MESSAGE_BYTES) n--;
    return { topic: input, key, value: Buffer.alloc(n, 0x7b) };
  };

  let batchesSeen = 0;
  const running = new Set<ChildProcess>();
  const start = (): { child: ChildProcess; firstBatch: Promise<void>; exited: Promise<number | null> } => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FAULT_INPUT: input,
      FAULT_OUTPUT: output,
      FAULT_CHECKPOINT: checkpoint,
      FAULT_GUARANTEE: run.guarantee,
      FAULT_QUERY: query,
    };
    if (run.mode.kind === 'real') env['KAFKA_BROKERS'] = run.mode.brokers;
    else env['STREAMLAB_KAFKA_IPC'] = '1';
    const child = fork(new URL('./fault-query.ts', import.meta.url).pathname, [], {
      execArgv: ['--import', import.meta.resolve('tsx/esm'), '--conditions=development'],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env,
    });
    if (run.mode.kind === 'embedded') serveKafkaOverIpc(child, client);
    running.add(child);
    child.once('exit', () => running.delete(child));
    let first!: () => void;
    const firstBatch = new Promise<void>((resolve) => (first = resolve));
    child.stdout!.on('data', (d: Buffer) => {
      const n = d
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('batch ')).length;
      batchesSeen += n;
      if (n > 0) first();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, firstBatch, exited };
  };

  // The producer writes the input in chunks while the query is killed and restarted.
  let produced = 0;
  const producer = client.producer();
  const produce = (async () => {
    while (produced < run.records) {
      const n = Math.min(CHUNK, run.records - produced);
      const chunk = Array.from({ length: n }, (_, j) => record(produced + j));
      if (run.badRecords) {
        chunk.splice(Math.floor(random() * n), 0, invalidUtf8(produced));
        if ((produced / CHUNK) % run.badRecords.oversizedEvery === 0) chunk.splice(Math.floor(random() * n), 0, oversized());
      }
      await producer.send(chunk);
      produced += n;
      await delay(100 + random() * 300); // spread the input over the kills
    }
  })();

  try {
    for (let k = 0; k < run.kills; k++) {
      const { child, firstBatch, exited } = start();
      // A random moment while batches run, or (when there is nothing to do yet) while it waits.
      const moment = Promise.race([firstBatch.then(() => delay(random() * 1500)), delay(4000 + random() * 2000)]).then(() => true);
      const stillRunning = await Promise.race([moment, exited.then(() => false)]);
      if (!stillRunning) throw new Error(`the fault query exited on its own (start ${k + 1}); see its stderr above`);
      child.kill('SIGKILL');
      await exited;
    }
    await produce;
    // One far-future record per partition moves the watermark past every window of the input.
    await producer.send(
      Array.from({ length: PARTITIONS }, (_, p) => ({
        topic: input,
        partition: p,
        key: 'flush',
        value: JSON.stringify({ key: 'flush', ts: BASE + 86_400_000, seq: -1 }),
      })),
    );

    const last = start();
    let seen = 0;
    const outputByKey = await eventually(
      async () => {
        const got = await readOutput(client, output);
        if (process.env['FAULT_DEBUG'] && got.size !== seen) process.stderr.write(`output rows ${got.size}/${expected.size}, batches ${batchesSeen}\n`);
        seen = got.size;
        return got.size >= expected.size && got;
      },
      { timeoutMs: 240_000, what: `${expected.size} output rows` },
    );
    last.child.kill('SIGTERM');
    await last.exited;
    const deadLetters = bad.size > 0 ? await readDeadLetters(client, `${input}-dlq`) : new Map<string, string[]>();
    return { expected, output: outputByKey, kills: run.kills, batchesSeen, bad, deadLetters };
  } finally {
    for (const child of running) child.kill('SIGKILL');
    await producer.close();
    rmSync(checkpoint, { recursive: true, force: true });
  }
}

async function readOutput(client: KafkaClient, topic: string): Promise<Map<string, number[]>> {
  const offsets = await client.admin.topicOffsets(topic, 'read_committed');
  const parts = await client
    .reader({ isolationLevel: 'read_committed' })
    .read(offsets.map((p) => ({ topic, partition: p.partition, from: p.low, until: p.high })));
  const out = new Map<string, number[]>();
  for (const r of parts.flat()) {
    const row = JSON.parse(r.value!.toString()) as FaultResult;
    const k = `${row.key}|${row.start}`;
    out.set(k, [...(out.get(k) ?? []), row.n]);
  }
  return out;
}

async function readDeadLetters(client: KafkaClient, topic: string): Promise<Map<string, string[]>> {
  const offsets = await client.admin.topicOffsets(topic, 'read_committed');
  const parts = await client
    .reader({ isolationLevel: 'read_committed' })
    .read(offsets.map((p) => ({ topic, partition: p.partition, from: p.low, until: p.high })));
  const out = new Map<string, string[]>();
  const reason = (r: KafkaRecord) => r.headers.find((h) => h.key === DLQ_HEADERS.error)?.value?.toString() ?? '(no reason)';
  for (const r of parts.flat()) {
    const key = r.key?.toString() ?? '(no key)';
    out.set(key, [...(out.get(key) ?? []), reason(r)]);
  }
  return out;
}
