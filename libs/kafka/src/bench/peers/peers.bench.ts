/**
 * `npm run bench -- peers`: StreamLab against Kafka Streams and Spark Structured Streaming (local
 * mode) over the same Kafka input, on the local broker (issue 19; benchmarks/peers/README.md).
 *
 * Produces each workload's input once, then runs the three systems over it, each as its own
 * process, rotating the order every round. Per run: cold figures (wall time and CPU from the
 * process's start to its complete final results on its output topic), warm figures (records/s and
 * process CPU per record from the moment it has read half the input to complete results), peak
 * RSS and the 1-minute load. Prints one table of medians over the rounds with each peer's ratio to
 * StreamLab, and fails if any system's final results differ from the others' (per key and window;
 * all are also checked against the ground truth the generator computes).
 *
 * Env: BENCH_EVENTS (input records, default 10,000,000), BENCH_ROUNDS (default 3),
 * BENCH_PEERS_WORKLOADS / BENCH_PEERS_SYSTEMS (comma lists), BENCH_PEERS_TIMEOUT_S,
 * BENCH_PEERS_VERBOSE=1 (the systems' stderr), KAFKA_BROKERS (else a local broker is started),
 * BENCH_PEERS_STREAMLAB_WORKERS (StreamLab's threads, default 2: one per core, as Spark's `local[2]`
 * and Kafka Streams' two stream threads; queries not partitioned by their keys run on one).
 * Skips with one line when `java` or `mvn` is missing. `BENCH_PEERS_MODE=latency` runs the
 * end-to-end latency bench instead (`latency.bench.ts`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type LocalBroker, startLocalBroker } from '../../broker/local-broker.js';
import { createKafkajsClient } from '../../kafkajs/kafkajs-client.js';
import type { KafkaClient, OutgoingRecord } from '../../port.js';
import { busyShare, cpuSeconds, cpuTotals, load1, peakRssMb } from './proc.js';
import { type CpuSample, isQuiet, type QuietRule } from './quiet.js';
import { describeDiff, diffResults, isSame, renderTable, type RunFigures, roundOrder, SYSTEMS, type SystemName, summarize } from './report.js';
import { buildPeers, command, javaVersions, missingJavaTools } from './systems.js';
import { watchOutput } from './output-watch.js';
import type { Workload } from './workload.js';
import { WORKLOADS } from './workloads.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const env = process.env;
const N = Number(env['BENCH_EVENTS'] ?? 10_000_000);
const ROUNDS = Number(env['BENCH_ROUNDS'] ?? 3);
const TIMEOUT_MS = Number(env['BENCH_PEERS_TIMEOUT_S'] ?? 180 + N / 2000) * 1000;
/**
 * After a system has read all its input, output quiet for this long, with the process using under a
 * quarter of a core meanwhile, ends a run whose results never matched (`quiet.ts`).
 */
const QUIET: QuietRule = { quietMs: Number(env['BENCH_PEERS_QUIET_S'] ?? 20) * 1000, maxBusy: 0.25 };
/**
 * Before each run, the bench waits (up to `SETTLE_MAX_MS`) until the machine has used under this
 * share of its cores over `SETTLE_WINDOW_MS`: what the last run left behind (the broker's log
 * cleaner compacting Kafka Streams' changelogs, a JVM's exit, the previous checkpoint's deletion)
 * then does not land on the next system.
 */
const SETTLE_BUSY = 0.15;
const SETTLE_WINDOW_MS = 3_000;
const SETTLE_MAX_MS = 90_000;
const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()) : undefined);
const workloads = (list(env['BENCH_PEERS_WORKLOADS']) ?? Object.keys(WORKLOADS)).map((w) => {
  const found = WORKLOADS[w];
  if (!found) throw new Error(`unknown workload ${w}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  return found;
});
const systems = (list(env['BENCH_PEERS_SYSTEMS']) ?? [...SYSTEMS]) as SystemName[];
const STREAMLAB_WORKERS = Number(env['BENCH_PEERS_STREAMLAB_WORKERS'] ?? 2);
if (!Number.isInteger(STREAMLAB_WORKERS) || STREAMLAB_WORKERS < 1)
  throw new Error(`BENCH_PEERS_STREAMLAB_WORKERS must be a whole number >= 1 (got ${env['BENCH_PEERS_STREAMLAB_WORKERS']})`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const suffix = Date.now().toString(36);
/** Input and output records carry event times (up to a day old at 10M records): keep them whatever the broker's retention. */
const KEEP = { 'retention.ms': '-1' };
/** The input records a workload's query reads as a stream (the others are a table loaded before it starts). */
const streamed = (workload: Workload) => workload.streamed?.(N) ?? N;

if (env['BENCH_PEERS_MODE'] === 'latency') {
  process.stdout.write('peers throughput: skipped (BENCH_PEERS_MODE=latency runs the latency bench, latency.bench.ts)\n');
  process.exit(0);
}
const missing = missingJavaTools();
if (missing.length) {
  process.stdout.write(`peers: skipped: ${missing.join(' and ')} not found on PATH (the peers need Java 17 and Maven)\n`);
  process.exit(0);
}

/**
 * Writes the workload's `n` records to new topics (one per input of the workload; their names as a
 * comma list, which is how the systems get them) in order, one send of 20,000 at a time: sends in
 * flight together may land out of order in a partition (a first smoke run had 4 in flight, which put
 * up to 10 minutes of event-time disorder in the partitions, and Kafka Streams rightly dropped records
 * as later than its grace).
 */
async function produceInput(client: KafkaClient, workload: Workload, n: number, base: number): Promise<string> {
  const topics = Array.from({ length: workload.inputs ?? 1 }, (_, k) => `peers-${workload.name}-in${k || ''}-${suffix}`);
  await client.admin.createTopics(topics.map((topic, k) => ({ topic, partitions: workload.partitions, configs: { ...KEEP, ...workload.topicConfigs?.(k) } })));
  const producer = client.producer();
  for (let from = 0; from < n; from += 20_000) {
    const batch: OutgoingRecord[] = [];
    for (let i = from; i < Math.min(n, from + 20_000); i++) {
      const { input, ...record } = workload.record(i, n, base);
      batch.push({ topic: topics[input ?? 0]!, ...record });
    }
    await producer.send(batch);
  }
  await producer.close();
  return topics.join(',');
}

interface Sample {
  t: number;
  cpu: number;
}

/** Waits until the machine is quiet (see `SETTLE_BUSY`) or `SETTLE_MAX_MS` passed; returns the ms waited and the last busy share. */
async function settle(): Promise<{ waitedMs: number; busy: number }> {
  const t0 = performance.now();
  let busy = 1;
  while (performance.now() - t0 < SETTLE_MAX_MS) {
    const a = cpuTotals();
    await sleep(SETTLE_WINDOW_MS);
    busy = busyShare(a, cpuTotals());
    if (busy < SETTLE_BUSY) break;
  }
  return { waitedMs: performance.now() - t0, busy };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
}

/** One run of `system` over `input`: its figures and final results. */
async function runOnce(
  brokers: string,
  client: KafkaClient,
  system: SystemName,
  workload: Workload,
  input: string,
  round: number,
  expected: ReadonlyMap<string, string>,
): Promise<{ figures: RunFigures; results: Map<string, string> }> {
  const output = `peers-${workload.name}-${system}-r${round}-${suffix}`;
  await client.admin.createTopics([{ topic: output, partitions: workload.partitions, configs: KEEP }]);
  const watch = await watchOutput(brokers, output, workload, expected);
  const dir = mkdtempSync(join(tmpdir(), `peers-${system}-`));
  const [exe, args] = command(root, system, {
    bootstrap: brokers,
    input,
    output,
    workload: workload.name,
    settings: 'default',
    expect: streamed(workload),
    dir,
    id: `${output}-app`,
    streamlabWorkers: STREAMLAB_WORKERS,
  });
  const settled = await settle();
  if (settled.waitedMs > SETTLE_WINDOW_MS * 1.5) {
    log(
      `${system} round ${round}: waited ${(settled.waitedMs / 1000).toFixed(0)} s for a quiet machine (busy ${(100 * settled.busy).toFixed(0)} % of the cores)`,
    );
  }
  const t0 = performance.now();
  const child = spawn(exe, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    if (env['BENCH_PEERS_VERBOSE']) process.stderr.write(s);
    stderr.push(...s.split('\n'));
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  let half: Sample | undefined;
  let consumedAt = 0;
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    const now = performance.now();
    if (s.includes('HALF') && !half) half = { t: now, cpu: cpuSeconds(pid) };
    if (s.includes('CONSUMED')) consumedAt = now;
  });
  const samples: CpuSample[] = [];
  const quiet = new Promise<'quiet' | 'timed out'>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      samples.push({ t: now, cpu: cpuSeconds(pid) });
      if (samples.length > QUIET.quietMs / 500 + 10) samples.shift();
      if (isQuiet(samples, now, consumedAt, watch.lastRecordAt(), QUIET)) resolve('quiet');
      if (now - t0 > TIMEOUT_MS) resolve('timed out');
    }, 500);
    void watch.complete.finally(() => clearInterval(timer));
    void exited(child).then(() => clearInterval(timer));
  });
  const how = await Promise.race([watch.complete.then(() => 'complete' as const), quiet, exited(child).then((code) => `exited ${code}` as const)]);
  const end = { t: how === 'complete' ? await watch.complete : performance.now(), cpu: cpuSeconds(pid) };
  const rss = peakRssMb(pid);
  const load = load1();
  child.kill('SIGKILL');
  await exited(child);
  await watch.stop();
  rmSync(dir, { recursive: true, force: true });
  if (how !== 'complete') log(`${system} round ${round}: ${how} before its results matched; its last stderr lines:\n${stderr.slice(-30).join('\n')}`);
  const warmRecords = streamed(workload) - Math.max(1, Math.floor(streamed(workload) / 2));
  const figures: RunFigures = {
    system,
    round,
    coldSeconds: (end.t - t0) / 1000,
    coldRecordsPerSec: N / ((end.t - t0) / 1000),
    coldCpuUsPerRecord: (end.cpu * 1e6) / N,
    warmRecordsPerSec: half ? warmRecords / ((end.t - half.t) / 1000) : Number.NaN,
    warmCpuUsPerRecord: half ? ((end.cpu - half.cpu) * 1e6) / warmRecords : Number.NaN,
    peakRssMb: rss,
    load1: load,
  };
  return { figures, results: watch.results() };
}

let broker: LocalBroker | undefined;
let failed = false;
const tBuild = performance.now();
buildPeers(root);
log(`peers: built benchmarks/peers in ${((performance.now() - tBuild) / 1000).toFixed(1)} s; ${javaVersions().join('; ')}; node ${process.version}`);
const brokers = env['KAFKA_BROKERS'] || (broker = await startLocalBroker()).brokers;
try {
  const client = createKafkajsClient({ brokers });
  for (const workload of workloads) {
    const tIn = performance.now();
    const base = Math.floor((Date.now() - workload.spanMs(N)) / 60_000) * 60_000 - 60_000;
    const input = await produceInput(client, workload, N, base);
    const expected = workload.expected(N, base);
    log(`${workload.name}: produced ${N} records to ${input} in ${((performance.now() - tIn) / 1000).toFixed(1)} s; ${expected.size} results expected`);
    const runs: RunFigures[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const finals = new Map<SystemName, Map<string, string>>();
      for (const system of roundOrder(systems, round)) {
        const { figures, results } = await runOnce(brokers, client, system, workload, input, round, expected);
        runs.push(figures);
        finals.set(system, results);
        log(
          `${workload.name} round ${round + 1}/${ROUNDS} ${system}: cold ${figures.coldSeconds.toFixed(1)} s, warm ${Math.round(figures.warmRecordsPerSec)} records/s ` +
            `${figures.warmCpuUsPerRecord.toFixed(2)} CPU µs/record, peak RSS ${Math.round(figures.peakRssMb)} MiB, load ${figures.load1}`,
        );
      }
      // Every system against the generator's ground truth, and each peer against StreamLab.
      for (const [system, results] of finals) {
        const diff = diffResults(expected, results);
        if (!isSame(diff)) failed = true;
        log(`  round ${round + 1} ${describeDiff(`${system} vs expected`, diff)}`);
        const base = finals.get('streamlab');
        if (base && system !== 'streamlab') {
          const d = diffResults(base, results);
          if (!isSame(d)) failed = true;
          log(`  round ${round + 1} ${describeDiff(`${system} vs streamlab`, d)}`);
        }
      }
    }
    const summary = summarize(runs);
    process.stdout.write(`\n${renderTable(workload.name, N, summary)}\n\n`);
    for (const s of summary) process.stdout.write(`${JSON.stringify({ workload: `peers.${workload.name}.${s.system}`, records: N, ...s })}\n`);
  }
  await client.close();
} finally {
  await broker?.stop();
}
if (failed) {
  log('peers: FAILED: final results differ between systems (see the lines above)');
  process.exit(1);
}
