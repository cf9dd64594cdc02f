/**
 * Scale-out on the real broker, every instance a child process (`testing/scale-instance.ts`):
 * 3 instances give the 1-instance result; SIGKILLed instances lose nothing and duplicate nothing;
 * scaling 1 -> 3 -> 1 while input arrives loses nothing; bad input is dead-lettered exactly once;
 * with keys spread over every partition, the automatic repartition gives 3 instances the 1-instance
 * result.
 * Output and dead letters are read `read_committed`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { createKafkajsClient } from '../kafkajs/kafkajs-client.js';
import type { KafkaClient, KafkaProducer, OutgoingRecord } from '../port.js';
import { DLQ_HEADERS } from '../source/dead-letter.js';
import { seededRandom } from '@streamlab/core/testing';
import { describeKafka, eventually, testBrokers, uniqueName } from '../testing/kafka-test.js';
import { spawnCollected, unlessExited, type Spawned } from '../testing/processes.js';
import { SCALE_WINDOW_MS, type ScaleResult } from '../testing/scale-instance.js';

const PARTITIONS = 12;
const KEYS = 24;
const FIXTURE = new URL('../testing/scale-instance.ts', import.meta.url).pathname;
const ROOT = new URL('../../../../', import.meta.url).pathname;

/**
 * The input: one event per key per second of event time, key k on partition k % 12 (`spread`: on
 * partition (k + second) % 12, so every key is in every partition), in order per partition; a bad
 * record every 4th second.
 */
class Input {
  private nextSec = 0;
  readonly bad = new Set<string>();
  /** Records written (an idempotent producer: a retried send under load cannot append twice). */
  private written = 0;
  private readonly producer: KafkaProducer;
  constructor(
    readonly client: KafkaClient,
    readonly topic: string,
    readonly spread = false,
  ) {
    this.producer = client.producer({ idempotent: true });
  }

  /** The input holds exactly what was produced (so a wrong count is the query's fault, not the harness's). */
  async expectIntact(): Promise<void> {
    const parts = await this.client.admin.topicOffsets(this.topic);
    expect(parts.reduce((n, p) => n + p.high - p.low, 0)).toBe(this.written);
  }

  async produce(seconds: number): Promise<void> {
    const records: OutgoingRecord[] = [];
    for (let s = this.nextSec; s < this.nextSec + seconds; s++) {
      for (let k = 0; k < KEYS; k++)
        records.push({
          topic: this.topic,
          partition: (this.spread ? k + s : k) % PARTITIONS,
          key: `k${k}`,
          value: JSON.stringify({ key: `k${k}`, ts: s * 1000 }),
        });
      if (s % 4 === 0) {
        const key = `bad-${s}`;
        this.bad.add(key);
        records.push({ topic: this.topic, partition: s % PARTITIONS, key, value: '{"key": "broken' });
      }
    }
    this.nextSec += seconds;
    await this.producer.send(records);
    this.written += records.length;
  }

  /**
   * Events far ahead on every partition, so every window of the input so far closes (their own
   * windows are not expected). Spread: one per key, so every partition of a repartition by key
   * that holds a key gets one.
   */
  async flush(): Promise<number> {
    const ts = (this.nextSec + 1000) * 1000;
    const records: OutgoingRecord[] = [];
    for (let k = 0; k < (this.spread ? KEYS : PARTITIONS); k++)
      records.push({ topic: this.topic, partition: k % PARTITIONS, key: `k${k}`, value: JSON.stringify({ key: `k${k}`, ts }) });
    await this.producer.send(records);
    this.written += records.length;
    return ts;
  }

  /** `<key>|<window start>` -> count, for every window of the input before the flush. */
  expected(): Map<string, number> {
    const out = new Map<string, number>();
    for (let s = 0; s < this.nextSec; s++) {
      const start = Math.floor((s * 1000) / SCALE_WINDOW_MS) * SCALE_WINDOW_MS;
      for (let k = 0; k < KEYS; k++) out.set(`k${k}|${start}`, (out.get(`k${k}|${start}`) ?? 0) + 1);
    }
    return out;
  }
}

async function readCommitted(client: KafkaClient, topic: string) {
  const parts = await client.admin.topicOffsets(topic, 'read_committed');
  const reader = client.reader({ isolationLevel: 'read_committed' });
  const recs = (await reader.read(parts.filter((p) => p.high > p.low).map((p) => ({ topic, partition: p.partition, from: p.low, until: p.high })))).flat();
  await reader.close();
  return recs;
}

/** The output as `<key>|<start>` -> every count written for it (exactly-once: one each). */
async function output(client: KafkaClient, topic: string, flushTs: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const r of await readCommitted(client, topic)) {
    const v = JSON.parse(r.value!.toString()) as ScaleResult;
    if (v.start >= flushTs - SCALE_WINDOW_MS) continue;
    const k = `${v.key}|${v.start}`;
    out.set(k, [...(out.get(k) ?? []), v.n]);
  }
  return out;
}

/** Dead letters by original key, with their reasons. */
async function deadLetters(client: KafkaClient, topic: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await readCommitted(client, `${topic}-dlq`).catch(() => [])) {
    const k = r.key?.toString() ?? '';
    out.set(k, [...(out.get(k) ?? []), r.headers.find((h) => h.key === DLQ_HEADERS.error)?.value?.toString() ?? '']);
  }
  return out;
}

const children = new Set<Spawned>();
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

function startInstance(app: string, input: string, out: string, stateDir?: string, env: Record<string, string> = {}): Spawned {
  const child = spawnCollected('node', ['--conditions=development', '--import', 'tsx', FIXTURE], {
    cwd: ROOT,
    env: { SCALE_APP: app, SCALE_INPUT: input, SCALE_OUTPUT: out, KAFKA_BROKERS: testBrokers().join(','), SCALE_STATE_DIR: stateDir, ...env },
  });
  children.add(child);
  if (process.env['SCALE_DEBUG']) void child.exited.then(() => writeFileSync(`/tmp/scale-${child.pid}.log`, `${child.stdout()}\n---\n${child.stderr()}`));
  void child.exited.then(() => children.delete(child));
  return child;
}

/** Tasks a child runs now, from its `restored` / `stopped` lines. */
function tasksOf(child: Spawned): Set<number> {
  const tasks = new Set<number>();
  for (const line of child.stdout().split('\n')) {
    const [what, t] = line.split(' ');
    if (what === 'restored') tasks.add(Number(t));
    if (what === 'stopped') tasks.delete(Number(t));
  }
  return tasks;
}

/** When task `task` was restored in `child` (epoch ms of each `restored` line). */
function restoredAt(child: Spawned, task: number): number[] {
  return child
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith(`restored ${task} `))
    .map((l) => Number(l.split(' ')[6]));
}

async function stop(child: Spawned): Promise<void> {
  child.kill('SIGTERM');
  const e = await child.exited;
  expect(e.code, child.stderr().slice(-2000)).toBe(0);
}

/** Waits until the offsets committed in the application's transactions reach the end of the input. */
async function caughtUp(client: KafkaClient, app: string, topic: string): Promise<void> {
  const end = (await client.admin.topicOffsets(topic)).reduce((n, p) => n + p.high, 0);
  await eventually(async () => (await client.admin.groupOffsets(app, [topic])).reduce((n, o) => n + o.offset, 0) >= end, {
    timeoutMs: 60_000,
    what: `${app} caught up with ${topic}`,
  });
}

async function setup(prefix: string, spread = false) {
  const client = createKafkajsClient({ brokers: testBrokers() });
  const topic = uniqueName(`${prefix}-in`);
  await client.admin.createTopics([{ topic, partitions: PARTITIONS }]);
  return { client, input: new Input(client, topic, spread) };
}

/** Waits until the application's transactions committed the read_committed end of each topic, in order (a stage's input before the stage after it). */
async function drained(client: KafkaClient, app: string, topics: readonly string[]): Promise<void> {
  for (const topic of topics) {
    await eventually(
      async () => {
        const end = (await client.admin.topicOffsets(topic, 'read_committed')).reduce((n, p) => n + p.high, 0);
        return (await client.admin.groupOffsets(app, [topic])).reduce((n, o) => n + o.offset, 0) >= end;
      },
      { timeoutMs: 90_000, what: `${app} read all of ${topic}` },
    );
  }
}

async function expectExactlyOnce(input: Input, actual: Map<string, number[]>, expected: Map<string, number>): Promise<void> {
  await input.expectIntact();
  const lost = [...expected.keys()].filter((k) => !actual.has(k));
  const twice = [...actual].filter(([, ns]) => ns.length > 1).map(([k]) => k);
  const wrong = [...actual].filter(([k, ns]) => expected.get(k) !== ns[0]).map(([k, ns]) => `${k}=${ns.join(',')}`);
  expect({ lost, twice, wrong }).toEqual({ lost: [], twice: [], wrong: [] });
  expect(actual).toEqual(new Map([...expected].map(([k, n]) => [k, [n]])));
}

function expectDeadLettersOnce(dead: Map<string, string[]>, bad: Set<string>): void {
  expect(new Set(dead.keys())).toEqual(bad);
  for (const [k, reasons] of dead) expect(reasons, k).toHaveLength(1);
}

async function complete(client: KafkaClient, topic: string, flushTs: number, size: number, who: Spawned[]): Promise<Map<string, number[]>> {
  const wait = eventually(
    async () => {
      const out = await output(client, topic, flushTs);
      return out.size >= size ? out : undefined;
    },
    { timeoutMs: 90_000, what: `${size} windows in ${topic}` },
  );
  return who.length === 1 ? unlessExited(who[0]!, wait) : wait;
}

describeKafka('scaleOut on the real broker, instances as child processes', () => {
  it('3 instances over 12 partitions give the same read_committed result as 1 instance', { timeout: 150_000 }, async () => {
    const { client, input } = await setup('same');
    await input.produce(40);
    const flushTs = await input.flush();
    const [one, three] = [uniqueName('out1'), uniqueName('out3')];
    const single = startInstance(uniqueName('app1'), input.topic, one);
    const trioApp = uniqueName('app3');
    const trio = [0, 1, 2].map(() => startInstance(trioApp, input.topic, three));
    const expected = input.expected();
    const [r1, r3] = await Promise.all([complete(client, one, flushTs, expected.size, [single]), complete(client, three, flushTs, expected.size, trio)]);
    expect(r3).toEqual(r1);
    await expectExactlyOnce(input, r3, expected);
    // every task ran somewhere, and the trio shared them
    const owned = trio.map((c) => tasksOf(c).size);
    expect(owned.reduce((a, b) => a + b, 0)).toBe(PARTITIONS);
    expect(Math.max(...owned)).toBeLessThan(PARTITIONS);
    await Promise.all([single, ...trio].map(stop));
    await client.close();
  });

  it('SIGKILL at seeded random moments: the others take over, restore, and the output has 0 lost and 0 duplicated windows; bad input dead-lettered once', {
    timeout: 150_000,
  }, async () => {
    const seed = Number(process.env['SCALE_SEED'] ?? Date.now() % 100_000);
    console.log(`scale-out SIGKILL spec: SCALE_SEED=${seed}`);
    const random = seededRandom(seed);
    const { client, input } = await setup('kill');
    const [app, out] = [uniqueName('app'), uniqueName('out')];
    const live: Spawned[] = [0, 1, 2].map(() => startInstance(app, input.topic, out));
    let kills = 0;
    const takeovers: number[] = [];
    const killAt = new Set<number>();
    while (killAt.size < 3) killAt.add(2 + Math.floor(random() * 14));
    for (let chunk = 0; chunk < 18; chunk++) {
      await input.produce(3);
      if (killAt.has(chunk)) {
        // a random moment while the chunk is being processed
        await delay(Math.floor(random() * 400));
        const victim = live.splice(Math.floor(random() * live.length), 1)[0]!;
        const lost = tasksOf(victim);
        const killedAt = Date.now();
        victim.kill('SIGKILL');
        await victim.exited;
        kills++;
        const everyone = [...live, victim];
        live.push(startInstance(app, input.topic, out));
        everyone.push(live.at(-1)!);
        // pace: the group's committed offsets reach the end of the input (a condition, not a sleep)
        await caughtUp(client, app, input.topic);
        // how long the victim's tasks were down: SIGKILL to their restore elsewhere (session timeout + rebalance + restore)
        const back = [...lost].map((t) => Math.min(...everyone.flatMap((c) => restoredAt(c, t)).filter((at) => at > killedAt)));
        if (back.every(Number.isFinite)) takeovers.push(Math.max(...back) - killedAt);
        continue;
      }
      await caughtUp(client, app, input.topic);
    }
    expect(kills).toBe(3);
    console.log(`scale-out SIGKILL spec: tasks of a killed instance running again after ${takeovers.join(', ')} ms (session timeout 6 s)`);
    const flushTs = await input.flush();
    const expected = input.expected();
    const result = await complete(client, out, flushTs, expected.size, live);
    await expectExactlyOnce(input, result, expected);
    const restores = live.flatMap((c) =>
      c
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('restored ')),
    );
    expect(
      restores.some((l) => Number(l.split(' ')[2]) > 0),
      'some task restored state rows',
    ).toBe(true);
    await eventually(async () => (await deadLetters(client, input.topic)).size >= input.bad.size, { timeoutMs: 30_000, what: 'dead letters' });
    expectDeadLettersOnce(await deadLetters(client, input.topic), input.bad);
    await Promise.all(live.map(stop));
    await client.close();
  });

  it('scaling 1 -> 3 -> 1 while input arrives loses nothing and repeats nothing', { timeout: 150_000 }, async () => {
    const { client, input } = await setup('scale');
    const [app, out] = [uniqueName('app'), uniqueName('out')];
    // The first instance keeps local state files: tasks that come back to it read only the changelog's tail.
    const stateDir = mkdtempSync(join(tmpdir(), 'scale-state-'));
    const first = startInstance(app, input.topic, out, stateDir);
    await input.produce(10);
    await unlessExited(
      first,
      eventually(() => tasksOf(first).size === PARTITIONS, { timeoutMs: 60_000, what: 'one instance owns every task' }),
    );
    const more = [startInstance(app, input.topic, out), startInstance(app, input.topic, out)];
    await input.produce(10);
    await eventually(() => more.every((c) => tasksOf(c).size > 0) && tasksOf(first).size < PARTITIONS, {
      timeoutMs: 60_000,
      what: 'three instances share the tasks',
    });
    await input.produce(10);
    await Promise.all(more.map(stop));
    await unlessExited(
      first,
      eventually(() => tasksOf(first).size === PARTITIONS, { timeoutMs: 60_000, what: 'back to one instance' }),
    );
    await input.produce(10);
    const flushTs = await input.flush();
    const expected = input.expected();
    await expectExactlyOnce(input, await complete(client, out, flushTs, expected.size, [first]), expected);
    expectDeadLettersOnce(await deadLetters(client, input.topic), input.bad);
    const local = first
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('restored ') && Number(l.split(' ')[5]) > 0);
    expect(local.length, 'tasks that came back loaded local state').toBeGreaterThan(0);
    await stop(first);
    rmSync(stateDir, { recursive: true, force: true });
    await client.close();
  });

  it('keys spread over every partition, groupBy key: the automatic repartition gives 3 instances the 1-instance result', { timeout: 150_000 }, async () => {
    const { client, input } = await setup('auto', true);
    await input.produce(40);
    const [app1, app3, one, three] = [uniqueName('app1'), uniqueName('app3'), uniqueName('out1'), uniqueName('out3')];
    // the watermark after the repartition covers the skew between upstream tasks reading a 40 s backlog
    const auto = { SCALE_REPARTITION: 'auto', SCALE_DELAY_MS: '120000' };
    const single = startInstance(app1, input.topic, one, undefined, auto);
    const trio = [0, 1, 2].map(() => startInstance(app3, input.topic, three, undefined, auto));
    // windows close once the flush passes them: send it after every row reached its key's task
    await Promise.all([app1, app3].map((app) => drained(client, app, [input.topic, `${app}-aggregate-0-repartition`])));
    const flushTs = await input.flush();
    const expected = input.expected();
    const [r1, r3] = await Promise.all([complete(client, one, flushTs, expected.size, [single]), complete(client, three, flushTs, expected.size, trio)]);
    expect(r3).toEqual(r1);
    await expectExactlyOnce(input, r3, expected);
    expect((await client.admin.partitions(`${app3}-aggregate-0-repartition`)).length).toBe(PARTITIONS);
    const owned = trio.map((c) => tasksOf(c).size);
    expect(Math.max(...owned)).toBeLessThan(PARTITIONS);
    await Promise.all([single, ...trio].map(stop));
    await client.close();
  });
});
