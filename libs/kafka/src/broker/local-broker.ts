/**
 * The local broker: real Apache Kafka (KRaft, one combined broker+controller) on 127.0.0.1,
 * started from the jars in the cache, used by `npm run kafka` and by the integration tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { StreamlabError, type Logger } from '@streamlab/core';
import { silentLogger } from '../logging.js';
import { newClusterId } from './cluster-id.js';
import { findExecutable } from './executables.js';
import { freePorts } from './free-port.js';
import { ensureKafkaJars, kafkaCacheDir } from './jars.js';
import { LOG4J_PROPERTIES, serverProperties } from './server-properties.js';
import { startWatchdog } from './watchdog.js';

export interface LocalBrokerOptions {
  logger?: Logger;
  /** How long to wait for the broker to become ready (ms). Default 90 000. */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (ms). Default 15 000. */
  stopTimeoutMs?: number;
  /** JVM heap limit. Default `512m`. */
  maxHeap?: string;
  /** Extra `server.properties` settings. */
  overrides?: Record<string, string | number | boolean>;
  cacheDir?: string;
}

export interface LocalBroker {
  /** `127.0.0.1:<port>`, the value for `KAFKA_BROKERS`. */
  readonly brokers: string;
  readonly pid: number;
  /** The broker's log file (kept after stop; the last few are kept in the cache dir). */
  readonly logFile: string;
  /** The temp dir holding the config and the data (removed on stop). */
  readonly dir: string;
  /** From process start (storage format included) to ready, in ms. */
  readonly startupMs: number;
  /** Resident memory of the broker JVM now, in bytes (Linux; 0 where unknown). */
  rssBytes(): number;
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; removes the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

const PROBE_TOPIC = '__streamlab_ready_probe';
const KEEP_LOGS = 10;

/**
 * Starts Apache Kafka on free ports and resolves once a kafkajs admin can describe the cluster
 * and create a topic with a leader.
 *
 * @example
 * const broker = await startLocalBroker({ logger });
 * process.env.KAFKA_BROKERS = broker.brokers; // '127.0.0.1:40123'
 * await broker.stop();
 */
export async function startLocalBroker(opts: LocalBrokerOptions = {}): Promise<LocalBroker> {
  // A free port can be taken by another process between finding it and Kafka binding it: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (attempt >= 3 || (err as StreamlabError).code !== 'KAFKA_START_FAILED' || !/Address already in use/.test(readLog(err))) throw err;
      (opts.logger ?? silentLogger).warn({ attempt }, 'a Kafka port was taken while the broker started; retrying on new ports');
    }
  }
}

/** A log file's text ('' when it cannot be read). */
function readLogFile(file: unknown): string {
  try {
    return typeof file === 'string' ? readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
}

/** The last `n` non-empty lines of a log file, joined with ' | ' (empty when unreadable). */
function lastLines(file: string, n: number): string {
  return readLogFile(file).split('\n').filter((l) => l.trim() !== '').slice(-n).join(' | ');
}

/** The broker log named by a start error (its `value`). */
function readLog(err: unknown): string {
  return readLogFile((err as StreamlabError).value);
}

async function startOnce(opts: LocalBrokerOptions): Promise<LocalBroker> {
  const logger = opts.logger ?? silentLogger;
  const java = findExecutable('java');
  if (!java) {
    throw new StreamlabError('KAFKA_JAVA_MISSING', 'Java is needed to run the local Kafka broker', {
      value: 'java',
      hint: 'install Java 17+ (Debian: `apt-get install default-jre-headless`) or set KAFKA_BROKERS to an existing broker',
    });
  }
  const classpath = await ensureKafkaJars({ logger, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) });
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-kafka-'));
  const logFile = newLogFile(opts.cacheDir ?? kafkaCacheDir());
  const [brokerPort, controllerPort] = (await freePorts(2)) as [number, number];
  const config = join(dir, 'server.properties');
  writeFileSync(config, serverProperties({ brokerPort, controllerPort, logDir: join(dir, 'data'), overrides: opts.overrides ?? {} }));
  writeFileSync(join(dir, 'log4j.properties'), LOG4J_PROPERTIES);
  const jvmArgs = [`-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`, `-Dkafka.logs.dir=${dir}`, '-Djava.awt.headless=true'];

  const logFd = openSync(logFile, 'a');
  const clusterId = newClusterId();
  const format = spawnSync(java, [...jvmArgs, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config, '--ignore-formatted'], {
    stdio: ['ignore', logFd, logFd],
  });
  if (format.status !== 0) {
    closeSync(logFd);
    rmSync(dir, { recursive: true, force: true });
    throw new StreamlabError('KAFKA_FORMAT_FAILED', `formatting the KRaft storage failed (exit ${format.status}): ${lastLines(logFile, 3)}; broker log: ${logFile}`, {
      value: logFile,
      hint: `read ${logFile}`,
    });
  }
  const jvm = spawn(java, [`-Xmx${opts.maxHeap ?? '512m'}`, '-XX:+UseSerialGC', ...jvmArgs, '-cp', classpath, 'kafka.Kafka', config], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const pid = jvm.pid;
  if (pid === undefined) throw new StreamlabError('KAFKA_START_FAILED', `could not start ${java}`, { value: java, hint: `broker log: ${logFile}` });
  const stopTimeoutMs = opts.stopTimeoutMs ?? 15_000;
  const watchdog = startWatchdog({ parentPid: process.pid, jvmPid: pid, dir, graceSeconds: Math.ceil(stopTimeoutMs / 1000) });
  const exited = new Promise<void>((resolve) => jvm.once('exit', () => resolve()));
  let exitedFlag = false;
  void exited.then(() => (exitedFlag = true));

  // Exit hook: the JVM gets SIGTERM; the watchdog escalates to SIGKILL and removes the dir.
  const onExit = () => {
    if (!exitedFlag) tryKill(pid, 'SIGTERM');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    // Only our listener: keep the default behaviour (exit on the signal) once the broker is down.
    if (process.listenerCount(signal) === 1) void stop().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  };
  process.once('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (!exitedFlag) {
        tryKill(pid, 'SIGTERM');
        const timer = new AbortController();
        const timedOut = await Promise.race([
          exited.then(() => false),
          delay(stopTimeoutMs, true, { signal: timer.signal }).catch(() => false),
        ]);
        timer.abort();
        if (timedOut) {
          logger.warn({ pid, stopTimeoutMs }, 'Kafka broker did not stop after SIGTERM; sending SIGKILL');
          tryKill(pid, 'SIGKILL');
          await exited;
        }
      }
      if (watchdog !== undefined) tryKill(watchdog, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      logger.info({ pid }, 'Kafka broker stopped');
    })();
    return stopping;
  };

  const brokers = `127.0.0.1:${brokerPort}`;
  try {
    await waitUntilReady(brokers, jvm, opts.readyTimeoutMs ?? 90_000, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  const startupMs = Date.now() - started;
  logger.info({ brokers, pid, startupMs, logFile }, `Kafka broker ready at ${brokers}`);
  return { brokers, pid, logFile, dir, startupMs, rssBytes: () => rssOf(pid), stop };
}

async function waitUntilReady(brokers: string, jvm: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({ clientId: 'streamlab-ready-probe', brokers: [brokers], logLevel: logLevel.NOTHING, connectionTimeout: 1000, retry: { retries: 0 } });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (jvm.exitCode !== null || jvm.signalCode !== null) {
      throw new StreamlabError('KAFKA_START_FAILED', `the Kafka broker exited during start (${jvm.exitCode ?? jvm.signalCode}): ${lastLines(logFile, 3)}; broker log: ${logFile}`, {
        value: logFile,
        hint: `read ${logFile}`,
      });
    }
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await admin.describeCluster();
      await admin.createTopics({ topics: [{ topic: PROBE_TOPIC, numPartitions: 1 }], waitForLeaders: true, timeout: 5000 });
      const meta = await admin.fetchTopicMetadata({ topics: [PROBE_TOPIC] });
      if (meta.topics[0]?.partitions.every((p) => p.leader >= 0)) return;
    } catch (err) {
      lastError = err;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await delay(200);
  }
  throw new StreamlabError('KAFKA_START_TIMEOUT', `the Kafka broker was not ready after ${timeoutMs} ms; broker log: ${logFile}`, {
    value: logFile,
    hint: `read ${logFile}`,
    retriable: true,
    cause: lastError,
  });
}

/** A fresh log file in `<cache>/logs`, keeping only the most recent ones. */
function newLogFile(cacheDir: string): string {
  const logs = join(cacheDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const old = readdirSync(logs)
    .filter((f) => f.startsWith('broker-') && f.endsWith('.log'))
    .map((f) => ({ f, t: statSync(join(logs, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of old.slice(KEEP_LOGS - 1)) rmSync(join(logs, f), { force: true });
  return join(logs, `broker-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
}

function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
