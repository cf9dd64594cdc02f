/**
 * `npm run bench -- scale`: scale-out (issue 20) on the real broker (KAFKA_BROKERS, else a local
 * broker is started), every instance a child process (`testing/scale-instance.ts`, at most 5,000 records per partition and batch: a 10-second
 * windowed count per key, append mode, exactly-once to an output topic), so two instances can use
 * two cores. Three figures, each with the 1-minute load average beside it:
 * - **throughput**: 1 instance, then 2, over a topic of the same records on 6 partitions, in the
 *   same run, timed from the settled assignment (every partition running) to the group's committed
 *   offsets reaching the end; with records per CPU-second of the instances and their batches.
 * - **restore**: a task reading N state rows back from its changelog (`scale/measure-restore.ts`),
 *   as ms per million rows.
 * - **rebalance pause**: under a steady input (1,500 records/s), per moved partition, the gap
 *   between its last batch on the old owner and its first batch on the new one, when a third
 *   instance joins two, when one leaves (SIGTERM), and when one is killed (SIGKILL; includes the
 *   6-s session timeout). The partitions that stay keep running (their largest gap between
 *   batches is reported too).
 *
 * Env: BENCH_EVENTS (records of the throughput runs, default 300,000), BENCH_STATE_ROWS (default 200,000).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startLocalBroker, type LocalBroker } from '../broker/local-broker.js';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import type { KafkaClient, KafkaProducer, OutgoingRecord } from '../port.js';
import { uniqueName } from '../testing/kafka-test.js';

const N = Number(process.env['BENCH_EVENTS'] ?? 300_000);
const STATE_ROWS = Number(process.env['BENCH_STATE_ROWS'] ?? 200_000);
const PARTITIONS = 6;
const KEYS = 600;
const STEADY_PER_SEC = 1_500;
const FIXTURE = fileURLToPath(new URL('../testing/scale-instance.ts', import.meta.url));
const RESTORE = fileURLToPath(new URL('../scale/measure-restore.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const load = () => Number(loadavg()[0]!.toFixed(1));
const round = (n: number, d = 0) => Number(n.toFixed(d));

const spawned: Instance[] = [];

/** A child instance; its stdout lines (`assigned`, `restored`, `batch`, `stopped`) with the time they arrived. */
class Instance {
  readonly lines: { at: number; words: string[] }[] = [];
  readonly exited: Promise<void>;
  private readonly child;
  constructor(app: string, input: string, output: string, brokers: string) {
    this.child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, SCALE_APP: app, SCALE_INPUT: input, SCALE_OUTPUT: output, KAFKA_BROKERS: brokers, SCALE_MAX_PER_TRIGGER: '5000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (l) => this.lines.push({ at: performance.now(), words: l.split(' ') }));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    spawned.push(this);
  }
  /** Tasks running now (restored and not stopped since). */
  tasks(): Set<number> {
    const t = new Set<number>();
    for (const { words } of this.lines) {
      if (words[0] === 'restored') t.add(Number(words[1]));
      if (words[0] === 'stopped') t.delete(Number(words[1]));
    }
    return t;
  }
  /** Batches with input rows: [time, task]. */
  batches(): [number, number][] {
    return this.lines.filter((l) => l.words[0] === 'batch' && Number(l.words[3]) > 0).map((l) => [l.at, Number(l.words[1])]);
  }
  /** CPU seconds (user + system) the process has used, from /proc (Linux; 0 elsewhere). */
  cpuSeconds(): number {
    try {
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
    } catch {
      return 0;
    }
  }
  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`scale bench: timed out waiting for ${what}`);
    await delay(50);
  }
}

const allRunning = (group: Instance[]) => () => {
  const owned = group.map((i) => i.tasks());
  return owned.every((t) => t.size > 0) && owned.reduce((n, t) => n + t.size, 0) === PARTITIONS;
};

function event(topic: string, i: number, ts: number): OutgoingRecord {
  const key = `k${i % KEYS}`;
  return { topic, key, value: JSON.stringify({ key, ts }) };
}

async function committed(client: KafkaClient, app: string, topic: string): Promise<number> {
  return (await client.admin.groupOffsets(app, [topic])).reduce((n, o) => n + Math.max(0, o.offset), 0);
}

/**
 * Records/s of `instances` instances over a topic filled with N records before they start, timed
 * from the moment every partition runs (the group's assignment settled) to the moment the group's
 * committed offsets reach the end, over the records left at the start of that span.
 */
async function throughput(client: KafkaClient, brokers: string, instances: number) {
  const [input, output, app] = [uniqueName('scale-in'), uniqueName('scale-out'), uniqueName('scale-app')];
  await client.admin.createTopics([
    { topic: input, partitions: PARTITIONS },
    { topic: output, partitions: PARTITIONS },
  ]);
  const producer = client.producer({ idempotent: true });
  for (let from = 0; from < N; from += 20_000) {
    const batch: OutgoingRecord[] = [];
    for (let i = from; i < Math.min(N, from + 20_000); i++) batch.push(event(input, i, 1_000 * Math.floor(i / KEYS)));
    await producer.send(batch);
  }
  await producer.close();
  const group = Array.from({ length: instances }, () => new Instance(app, input, output, brokers));
  await until(allRunning(group), `${instances} instance(s) running all partitions`);
  const cpu0 = group.reduce((n, i) => n + i.cpuSeconds(), 0);
  const t0 = performance.now();
  const left = N - (await committed(client, app, input));
  await until(async () => (await committed(client, app, input)) >= N, `${instances} instance(s) caught up`, 600_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = group.reduce((n, i) => n + i.cpuSeconds(), 0) - cpu0;
  const batches = group.reduce((n, i) => n + i.lines.filter((l) => l.words[0] === 'batch' && l.at > t0 && Number(l.words[3]) > 0).length, 0);
  // a task started again during the span: a rebalance moved it (e.g. a member's heartbeats stalled behind a long batch)
  const taskStartsDuringRun = group.reduce((n, i) => n + i.lines.filter((l) => l.words[0] === 'restored' && l.at > t0).length, 0);
  const l = load();
  for (const i of group) i.kill('SIGTERM');
  await Promise.all(group.map((i) => i.exited));
  return {
    records: left,
    recordsPerSec: round(left / seconds),
    seconds: round(seconds, 1),
    load: l,
    recordsPerCpuSec: round(left / cpu),
    batches,
    taskStartsDuringRun,
  };
}

/** Writes STEADY_PER_SEC records/s (event time = wall time) until stopped. */
function steadyInput(producer: KafkaProducer, topic: string): { stop(): Promise<void> } {
  let running = true;
  let i = 0;
  const loop = (async () => {
    const start = performance.now();
    while (running) {
      const due = Math.floor(((performance.now() - start) / 1000) * STEADY_PER_SEC);
      const batch: OutgoingRecord[] = [];
      for (; i < due; i++) batch.push(event(topic, i, Date.now()));
      if (batch.length) await producer.send(batch);
      await delay(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Per moved partition: its last batch on an owner in `from` before `t0` -> its first batch on an owner in `to` after `t0`. */
function pauses(from: Instance[], to: Instance[], moved: number[], t0: number): number[] {
  return moved.map((p) => {
    const before = from.flatMap((i) => i.batches()).filter(([at, t]) => t === p && at <= t0);
    const after = to.flatMap((i) => i.batches()).filter(([at, t]) => t === p && at > t0);
    const last = before.length ? Math.max(...before.map(([at]) => at)) : t0;
    return after.length ? Math.min(...after.map(([at]) => at)) - last : Number.POSITIVE_INFINITY;
  });
}

/** The largest gap between consecutive batches of the partitions in `kept`, on `on`, in [t0, t1]. */
function keptGap(on: Instance[], kept: number[], t0: number, t1: number): number {
  let gap = 0;
  for (const p of kept) {
    const times = on
      .flatMap((i) => i.batches())
      .filter(([at, t]) => t === p && at >= t0 - 2_000 && at <= t1)
      .map(([at]) => at)
      .sort((a, b) => a - b);
    for (let k = 1; k < times.length; k++) gap = Math.max(gap, times[k]! - times[k - 1]!);
  }
  return gap;
}

async function rebalance(client: KafkaClient, brokers: string) {
  const [input, output, app] = [uniqueName('rebal-in'), uniqueName('rebal-out'), uniqueName('rebal-app')];
  await client.admin.createTopics([
    { topic: input, partitions: PARTITIONS },
    { topic: output, partitions: PARTITIONS },
  ]);
  const producer = client.producer({ idempotent: true });
  const steady = steadyInput(producer, input);
  const a = new Instance(app, input, output, brokers);
  const b = new Instance(app, input, output, brokers);
  await until(allRunning([a, b]), 'two instances running all partitions');
  await delay(3_000);
  const out: Record<string, { movedMs: number; keptMaxGapMs: number; load: number }> = {};
  const measure = async (name: string, before: Instance[], after: Instance[], act: () => void) => {
    const owned = new Map(before.flatMap((i) => [...i.tasks()].map((t) => [t, i] as const)));
    const t0 = performance.now();
    act();
    await until(allRunning(after), `all partitions running after ${name}`);
    const moved = [...owned].filter(([t, i]) => !after.includes(i) || !i.tasks().has(t)).map(([t]) => t);
    const kept = [...owned.keys()].filter((t) => !moved.includes(t));
    await until(() => pauses(before, after, moved, t0).every(Number.isFinite), `batches of the moved partitions after ${name}`);
    const moves = pauses(before, after, moved, t0);
    out[name] = { movedMs: round(Math.max(...moves)), keptMaxGapMs: round(keptGap(after, kept, t0, performance.now())), load: load() };
    await delay(3_000);
  };
  const spawned = performance.now();
  const c = new Instance(app, input, output, brokers);
  // the join: from c's start; its Node start-up is not part of the pause, so t0 is its first assignment's revocations
  await until(() => c.tasks().size > 0, 'the third instance running partitions');
  const joinStart = Math.min(...[a, b].flatMap((i) => i.lines.filter((l) => l.words[0] === 'stopped' && l.at > spawned).map((l) => l.at)));
  const joinMoved = [...c.tasks()];
  await until(() => pauses([a, b], [c], joinMoved, joinStart).every(Number.isFinite), 'batches of the moved partitions after the join');
  out['join'] = { movedMs: round(Math.max(...pauses([a, b], [c], joinMoved, joinStart))), keptMaxGapMs: 0, load: load() };
  await until(allRunning([a, b, c]), 'three instances running all partitions');
  await delay(3_000);
  await measure('leave', [a, b, c], [a, b], () => c.kill('SIGTERM'));
  await measure('kill', [a, b], [a], () => b.kill('SIGKILL'));
  await steady.stop();
  await producer.close();
  a.kill('SIGTERM');
  await Promise.all([a, b, c].map((i) => i.exited));
  return out;
}

function restore(brokers: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', RESTORE, '--rows', String(STATE_ROWS)], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: brokers },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
    child.once('exit', (code) => {
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`measure-restore exited ${code}: ${text}`));
      else resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

let broker: LocalBroker | undefined;
const brokers = process.env['KAFKA_BROKERS'] || (broker = await startLocalBroker()).brokers;
const client = createKafkajsClient({ brokers });
try {
  const one = await throughput(client, brokers, 1);
  process.stderr.write(`scale bench: 1 instance ${JSON.stringify(one)}\n`);
  const two = await throughput(client, brokers, 2);
  const ratio = round(two.recordsPerSec / one.recordsPerSec, 2);
  console.log(JSON.stringify({ workload: 'scale-throughput', partitions: PARTITIONS, one, two, ratio }));
  const r = await restore(brokers);
  const rest = { workload: 'scale-restore', stateRows: r['restoredRecords'], restoreMs: r['restoreMs'], msPerMillionRows: r['msPerMillionRows'], load: load() };
  console.log(JSON.stringify(rest));
  const pause = await rebalance(client, brokers);
  console.log(JSON.stringify({ workload: 'scale-rebalance', partitions: PARTITIONS, steadyRecordsPerSec: STEADY_PER_SEC, ...pause }));
  console.log('');
  console.log('| figure | value | load (1 min) |');
  console.log('| --- | ---: | ---: |');
  console.log(
    `| 1 instance, records/s (records in s; task restarts) | ${one.recordsPerSec} (${one.records} in ${one.seconds} s; ${one.taskStartsDuringRun}) | ${one.load} |`,
  );
  console.log(
    `| 2 instances, records/s (records in s; task restarts) | ${two.recordsPerSec} (${two.records} in ${two.seconds} s; ${two.taskStartsDuringRun}) | ${two.load} |`,
  );
  console.log(`| ratio 2 / 1 | ${ratio} | |`);
  console.log(
    `| records per CPU-second of the instances, 1 / 2 (batches with input) | ${one.recordsPerCpuSec} (${one.batches}) / ${two.recordsPerCpuSec} (${two.batches}) | |`,
  );
  console.log(`| restore, ms per million state rows (${rest.stateRows} rows in ${rest.restoreMs} ms) | ${rest.msPerMillionRows} | ${rest.load} |`);
  for (const [k, v] of Object.entries(pause))
    console.log(`| rebalance pause, ${k}: moved partitions / kept partitions' largest batch gap, ms | ${v.movedMs} / ${v.keptMaxGapMs} | ${v.load} |`);
} finally {
  for (const i of spawned) i.kill('SIGKILL');
  await client.close();
  await broker?.stop();
}
process.exit(0);
