/**
 * `BENCH_PEERS_MODE=latency npm run bench -- peers`: end-to-end latency of StreamLab, Kafka Streams
 * and Spark Structured Streaming at a fixed input rate (issue 19; benchmarks/peers/README.md).
 *
 * Per system and setting (`default`, `low-latency`), rotated over rounds: a fresh input topic and
 * a fresh output topic with `message.timestamp.type=LogAppendTime` (each output record carries the
 * broker's time it was appended, so the driver's own consumer lag is not measured); the system is
 * started on the tumbling count (update output); a trickle of records until its first output
 * shows it is running; a warm-up at the rate; the measured phase at the rate; then up to
 * BENCH_LATENCY_DRAIN_S for the last results. Each measured record's latency is the append time of
 * the first output reflecting it minus its production time (`latency.ts`). Prints one table of
 * every run and one JSON line per system and setting (the median run by p99).
 *
 * Env: BENCH_LATENCY_RATE (records/s, default 10,000), BENCH_LATENCY_WARMUP_S (20),
 * BENCH_LATENCY_SECONDS (measured, 60), BENCH_LATENCY_DRAIN_S (30), BENCH_ROUNDS (default 2),
 * BENCH_PEERS_SYSTEMS, BENCH_LATENCY_SETTINGS (comma lists), BENCH_LATENCY_KS_COMMIT_MS (Kafka
 * Streams' low-latency commit intervals, default `0,100`), BENCH_PEERS_VERBOSE=1, KAFKA_BROKERS.
 * Spark's lowest-latency trigger, `ProcessingTime(0)`, is its default trigger, so Spark's
 * low-latency run is left out when its default run is in (`BENCH_LATENCY_SETTINGS=low-latency`
 * runs it alone).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { followTopic } from './output-watch.js';
import { type LocalBroker, startLocalBroker } from '../../broker/local-broker.js';
import { createKafkajsClient } from '../../kafkajs/kafkajs-client.js';
import type { KafkaClient } from '../../port.js';
import { LatencyMatcher, type LatencyRun, medianRuns, renderLatencyTable } from './latency.js';
import { PacedProducer } from './paced-producer.js';
import { cpuSeconds, load1 } from './proc.js';
import { roundOrder, SYSTEMS, type SystemName } from './report.js';
import { buildPeers, command, javaVersions, missingJavaTools } from './systems.js';
import { tumbling } from './tumbling.js';
import type { PeerSettings } from './workload.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const env = process.env;
if (env['BENCH_PEERS_MODE'] !== 'latency') {
  process.stdout.write('peers latency: skipped (BENCH_PEERS_MODE=latency runs it)\n');
  process.exit(0);
}
const RATE = Number(env['BENCH_LATENCY_RATE'] ?? 10_000);
const WARMUP_MS = Number(env['BENCH_LATENCY_WARMUP_S'] ?? 20) * 1000;
const MEASURE_MS = Number(env['BENCH_LATENCY_SECONDS'] ?? 60) * 1000;
const DRAIN_MS = Number(env['BENCH_LATENCY_DRAIN_S'] ?? 30) * 1000;
const ROUNDS = Number(env['BENCH_ROUNDS'] ?? 2);
/** How long a system may take from its start to its first output. */
const START_TIMEOUT_MS = 180_000;
const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()) : undefined);
const systems = (list(env['BENCH_PEERS_SYSTEMS']) ?? [...SYSTEMS]) as SystemName[];
const settings = (list(env['BENCH_LATENCY_SETTINGS']) ?? ['default', 'low-latency']) as PeerSettings[];
const log = (line: string) => process.stderr.write(`${line}\n`);
const suffix = Date.now().toString(36);

const missing = missingJavaTools();
if (missing.length) {
  process.stdout.write(`peers latency: skipped: ${missing.join(' and ')} not found on PATH (the peers need Java 17 and Maven)\n`);
  process.exit(0);
}

/** Kafka Streams' low-latency commit intervals: 0 commits after every poll, which may cost more latency than it saves. */
const KS_COMMIT_MS = (list(env['BENCH_LATENCY_KS_COMMIT_MS']) ?? ['0', '100']).map(Number);

interface RunSpec {
  system: SystemName;
  settings: PeerSettings;
  /** The setting as shown in the table. */
  label: string;
  /** More arguments for the system. */
  extra: string[];
}

/** Spark's default trigger is already its shortest (`ProcessingTime(0)`): its low-latency run would repeat the default one. */
const runsOf = (round: number): RunSpec[] =>
  roundOrder(systems, round).flatMap((system) =>
    settings
      .filter((s) => !(system === 'spark' && s === 'low-latency' && settings.includes('default')))
      .flatMap((s): RunSpec[] =>
        system === 'kafka-streams' && s === 'low-latency'
          ? KS_COMMIT_MS.map((ms) => ({ system, settings: s, label: ms ? `low-latency, commit ${ms} ms` : s, extra: ['--commit-interval-ms', String(ms)] }))
          : [{ system, settings: s, label: s, extra: [] }],
      ),
  );

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
}

/** Follows `topic` from the beginning, feeding every output's count and append time to `matcher`. */
async function followOutput(brokers: string, topic: string, matcher: LatencyMatcher) {
  let first!: () => void;
  const firstOutput = new Promise<void>((r) => (first = r));
  const stop = await followTopic(brokers, topic, 100, (messages) => {
    for (const m of messages) {
      const [window, count] = tumbling.result(m.value);
      matcher.output(window, Number(count), Number(m.timestamp));
    }
    if (messages.length > 0) first();
  });
  return { firstOutput, stop };
}

async function runOnce(brokers: string, client: KafkaClient, spec: RunSpec, round: number): Promise<LatencyRun | undefined> {
  const { system, label } = spec;
  const name = `peers-latency-${system}-${label.replace(/[^a-z0-9]+/g, '-')}-r${round}-${suffix}`;
  const input = `${name}-in`;
  const output = `${name}-out`;
  await client.admin.createTopics([
    { topic: input, partitions: tumbling.partitions },
    { topic: output, partitions: tumbling.partitions, configs: { 'message.timestamp.type': 'LogAppendTime' } },
  ]);
  const matcher = new LatencyMatcher();
  const watch = await followOutput(brokers, output, matcher);
  const dir = mkdtempSync(join(tmpdir(), `peers-latency-${system}-`));
  const [exe, args] = command(root, system, {
    bootstrap: brokers,
    input,
    output,
    workload: 'tumbling',
    settings: spec.settings,
    expect: 0,
    dir,
    id: `${name}-app`,
  });
  const child = spawn(exe, [...args, ...spec.extra], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  const stderr: string[] = [];
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    if (env['BENCH_PEERS_VERBOSE']) process.stderr.write(s);
    stderr.push(...s.split('\n'));
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  let died = false;
  void exited(child).then(() => (died = true));
  const producer = client.producer({ idempotent: true }); // a retried send must not write a record twice (the matcher counts records per window)
  const paced = new PacedProducer(producer, input, matcher);
  const t0 = performance.now();
  try {
    // A trickle until the system's first output: start-up (JVM, Spark session, tsx) is not latency.
    let started = false;
    void watch.firstOutput.then(() => (started = true));
    while (!started) {
      if (died || performance.now() - t0 > START_TIMEOUT_MS) {
        log(
          `${system} ${label} round ${round + 1}: ${died ? 'exited' : 'no output'} before its first output; its last stderr lines:\n${stderr.slice(-30).join('\n')}`,
        );
        return undefined;
      }
      await paced.send(10, false);
      await delay(100);
    }
    const startupS = (performance.now() - t0) / 1000;
    await paced.run(RATE, WARMUP_MS, false);
    const cpu0 = cpuSeconds(pid);
    const m0 = performance.now();
    await paced.run(RATE, MEASURE_MS, true);
    const cores = (cpuSeconds(pid) - cpu0) / ((performance.now() - m0) / 1000);
    const drainFrom = performance.now();
    while (matcher.pending > 0 && performance.now() - drainFrom < DRAIN_MS && !died) await delay(50);
    const stats = matcher.stats();
    const run: LatencyRun = { system, settings: label, round, ...stats, cores, load1: load1() };
    log(
      `${system} ${label} round ${round + 1}/${ROUNDS}: first output ${startupS.toFixed(1)} s after start; ${stats.reflected}/${stats.records} measured records reflected; ` +
        `p50 ${Math.round(stats.p50Ms)} ms, p99 ${Math.round(stats.p99Ms)} ms, max ${Math.round(stats.maxMs)} ms; ${cores.toFixed(2)} cores; load ${run.load1}` +
        (matcher.ahead ? `; ${matcher.ahead} outputs matched no produced record (ordering?)` : '') +
        (died ? `; the process exited during the run, its last stderr lines:\n${stderr.slice(-30).join('\n')}` : ''),
    );
    return run;
  } finally {
    child.kill('SIGKILL');
    await exited(child);
    await producer.close();
    await watch.stop();
    rmSync(dir, { recursive: true, force: true });
    await client.admin.deleteTopics([input, output]).catch(() => undefined);
  }
}

let broker: LocalBroker | undefined;
const tBuild = performance.now();
buildPeers(root);
log(`peers latency: built benchmarks/peers in ${((performance.now() - tBuild) / 1000).toFixed(1)} s; ${javaVersions().join('; ')}; node ${process.version}`);
log(`peers latency: ${RATE} records/s, warm-up ${WARMUP_MS / 1000} s, measured ${MEASURE_MS / 1000} s, ${ROUNDS} rounds; load ${load1()}`);
const brokers = env['KAFKA_BROKERS'] || (broker = await startLocalBroker()).brokers;
const runs: LatencyRun[] = [];
try {
  const client = createKafkajsClient({ brokers });
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of runsOf(round)) {
      const run = await runOnce(brokers, client, r, round);
      if (run) runs.push(run);
    }
  }
  await client.close();
} finally {
  await broker?.stop();
}
process.stdout.write(`\n${renderLatencyTable(RATE, runs)}\n\n`);
for (const r of medianRuns(runs)) process.stdout.write(`${JSON.stringify({ workload: `peers.latency.${r.system}.${r.settings}`, ratePerSec: RATE, ...r })}\n`);
