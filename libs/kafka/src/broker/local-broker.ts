/**
 * The local broker: real Apache Kafka (KRaft, one combined broker+controller) on 127.0.0.1,
 * started from the jars in the cache, used by `npm run kafka`, `npm start -- --kafka` and by the
 * integration tests.
 *
 * Cleanup covers every phase: from the moment its directory exists, a signal, an abort, a failure,
 * this process exiting or being killed (the watchdog) stops the Java process running then (the
 * storage format or the broker) and removes the temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel } from '../kafkajs/kafkajs.js';
import { z } from 'zod';
import { StreamlabError, type Logger } from '@streamlab/core';
import { silentLogger } from '../logging.js';
import { newClusterId } from './cluster-id.js';
import { findExecutable } from './executables.js';
import { freePorts, portsFree } from './free-port.js';
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
  /**
   * Keep the config and the data in this directory (created when missing) instead of a temp dir
   * removed on stop. A later start on the same directory does not format the storage again (same
   * cluster id, same topics and offsets) and reuses the same ports while they are free.
   */
  dataDir?: string;
  /**
   * The client port (`KAFKA_BROKERS=127.0.0.1:<port>`). Default: a free port (or, with `dataDir`,
   * the last start's while free). A given port that is taken fails the start at once.
   */
  port?: number;
  /**
   * Share the broker with other machines: listen on every interface and advertise this host name
   * or IP (e.g. a workshop room on one broker). Default: 127.0.0.1 only.
   */
  advertisedHost?: string;
  /**
   * Whether the broker handles SIGINT/SIGTERM itself. Default `true`: a signal aborts the start or
   * stops the broker, then exits the process when no other listener is left. Pass `false` when the
   * caller owns shutdown (the hub, `npm run kafka`): it aborts a start with `signal` and calls
   * `stop()` itself, last, after its own clients, so the broker is never stopped under them.
   */
  handleSignals?: boolean;
  /**
   * Aborts a start in progress, in any phase: the storage format or the JVM is stopped, the temp
   * dir removed, and the start rejects with `KAFKA_START_ABORTED`.
   */
  signal?: AbortSignal;
}

/** How the broker JVM ended. */
export interface BrokerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** `true` when `stop()` ended it; `false` when it died on its own (a crash, `kill -9`). */
  expected: boolean;
}

export interface LocalBroker {
  /** `127.0.0.1:<port>`, the value for `KAFKA_BROKERS`. */
  readonly brokers: string;
  readonly pid: number;
  /** The broker's log file (kept after stop; the last few are kept in the cache dir). */
  readonly logFile: string;
  /** The directory holding the config and the data: a temp dir removed on stop, or the kept `dataDir`. */
  readonly dir: string;
  /** Whether `dir` is kept on stop (`dataDir` was given). */
  readonly keepsData: boolean;
  /** From process start (storage format included) to ready, in ms. */
  readonly startupMs: number;
  /** Resolves once the JVM has exited, by `stop()` or on its own. */
  readonly exited: Promise<BrokerExit>;
  /** Resident memory of the broker JVM now, in bytes (Linux; 0 where unknown). */
  rssBytes(): number;
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; removes a temp data dir. Safe to call twice. */
  stop(): Promise<void>;
}

const PROBE_TOPIC = '__streamlab_ready_probe';
const KEEP_LOGS = 10;
/** In the broker's directory: the pid of the running Java process, read by the watchdog. */
const PID_FILE = 'streamlab-broker.pid';
/** In a kept data dir: the ports of the last start, reused while they are free. */
const PORTS_FILE = 'streamlab-broker.json';
const SavedPorts = z.object({ brokerPort: z.number().int().positive(), controllerPort: z.number().int().positive() });

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
  if (opts.handleSignals === false) return startWithRetries(opts, opts.signal);
  // Our own signal handling: a signal aborts the start (any phase) or stops the running broker,
  // then exits the process if nothing else listens to that signal.
  const onSignal = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, onSignal.signal]) : onSignal.signal;
  const handler = (sig: NodeJS.Signals) => {
    const alone = process.listenerCount(sig) === 1;
    removeHandlers();
    onSignal.abort(aborted(`${sig} received`));
    void starting
      .then(
        (broker) => broker.stop(),
        () => undefined,
      )
      .finally(() => {
        if (alone) process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
      });
  };
  const removeHandlers = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  const starting = startWithRetries(opts, signal);
  let broker: LocalBroker;
  try {
    broker = await starting;
  } catch (err) {
    removeHandlers();
    throw err;
  }
  const stop = broker.stop;
  return Object.assign(broker, {
    stop: () => {
      removeHandlers();
      return stop();
    },
  });
}

async function startWithRetries(opts: LocalBrokerOptions, signal: AbortSignal | undefined): Promise<LocalBroker> {
  // A free port can be taken by another process between finding it and Kafka binding it: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, signal, attempt);
    } catch (err) {
      // a port that was asked for is not traded for another
      const retriable = opts.port === undefined && (err as StreamlabError).code === 'KAFKA_START_FAILED' && /Address already in use/.test(readLog(err));
      if (attempt >= 3 || !retriable) throw err;
      (opts.logger ?? silentLogger).warn({ attempt }, 'a Kafka port was taken while the broker started; retrying on new ports');
    }
  }
}

function aborted(why: string): StreamlabError {
  return new StreamlabError('KAFKA_START_ABORTED', `the local Kafka broker start was aborted: ${why}`, {
    value: why,
    hint: 'its Java process was stopped and its temp dir removed',
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof StreamlabError ? signal.reason : aborted(String(signal.reason));
}

/** `work`, or the abort error as soon as `signal` aborts (whichever comes first). */
async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  throwIfAborted(signal);
  let onAbort = (): void => undefined;
  const abort = new Promise<never>((_, reject) => {
    onAbort = () => {
      try {
        throwIfAborted(signal);
      } catch (err) {
        reject(err);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, abort]);
  } finally {
    signal.removeEventListener('abort', onAbort);
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

/**
 * The last `n` non-empty lines of a broker log (none when it cannot be read).
 *
 * @example
 * process.stderr.write(brokerLogTail(broker.logFile, 20).join('\n'));
 */
export function brokerLogTail(file: string, n: number): string[] {
  return readLogFile(file)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n);
}

/** The last `n` non-empty lines of a log file, joined with ' | '. */
function lastLines(file: string, n: number): string {
  return brokerLogTail(file, n).join(' | ');
}

/** The broker log named by a start error (its `value`). */
function readLog(err: unknown): string {
  return readLogFile((err as StreamlabError).value);
}

async function startOnce(opts: LocalBrokerOptions, signal: AbortSignal | undefined, attempt: number): Promise<LocalBroker> {
  const logger = opts.logger ?? silentLogger;
  throwIfAborted(signal);
  const java = findExecutable('java');
  if (!java) {
    throw new StreamlabError('KAFKA_JAVA_MISSING', 'Java is needed to run the local Kafka broker', {
      value: 'java',
      hint: 'install Java 17+ (Debian: `apt-get install default-jre-headless`) or set KAFKA_BROKERS to an existing broker',
    });
  }
  const classpath = await unlessAborted(ensureKafkaJars({ logger, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) }), signal);
  throwIfAborted(signal);
  const started = Date.now();
  const keepsData = opts.dataDir !== undefined;
  const dir = keepsData ? resolve(opts.dataDir!) : mkdtempSync(join(tmpdir(), 'streamlab-kafka-'));
  if (keepsData) {
    mkdirSync(dir, { recursive: true });
    assertNotInUse(dir);
  }
  const pidFile = join(dir, PID_FILE);
  const stopTimeoutMs = opts.stopTimeoutMs ?? 15_000;

  // From here on every way out cleans up: the watchdog if this process is killed, the exit hook if
  // it exits, `cleanup()` on a failure, an abort or a stop.
  const watchdog = startWatchdog({ parentPid: process.pid, pidFile, dir: keepsData ? undefined : dir, graceSeconds: Math.ceil(stopTimeoutMs / 1000) });
  let child: ChildProcess | undefined; // the storage format, then the broker
  const running = (p: ChildProcess | undefined): p is ChildProcess => p !== undefined && p.exitCode === null && p.signalCode === null;
  const onExit = () => {
    if (running(child) && child.pid !== undefined) tryKill(child.pid, 'SIGTERM');
  };
  process.once('exit', onExit);
  const cleanup = () => {
    process.off('exit', onExit);
    if (watchdog !== undefined) tryKill(watchdog, 'SIGTERM');
    if (keepsData) rmSync(pidFile, { force: true });
    else rmSync(dir, { recursive: true, force: true });
  };
  const spawnJava = (args: string[], logFd: number): ChildProcess => {
    const p = spawn(java, args, { detached: true, stdio: ['ignore', logFd, logFd] });
    p.on('error', () => undefined); // a spawn failure shows as a missing pid or an exit code
    if (p.pid !== undefined) writeFileSync(pidFile, `${p.pid}\n`);
    return p;
  };

  let logFile = '';
  let jvm: ChildProcess;
  let brokerPort: number;
  try {
    logFile = newLogFile(opts.cacheDir ?? kafkaCacheDir());
    let controllerPort: number;
    [brokerPort, controllerPort] = await choosePorts(dir, keepsData && attempt === 1, logger, opts.port);
    throwIfAborted(signal);
    if (keepsData) writeFileSync(join(dir, PORTS_FILE), `${JSON.stringify({ brokerPort, controllerPort })}\n`);
    const config = join(dir, 'server.properties');
    const logDir = join(dir, 'data');
    writeFileSync(
      config,
      serverProperties({
        brokerPort,
        controllerPort,
        logDir,
        overrides: opts.overrides ?? {},
        ...(opts.advertisedHost ? { advertisedHost: opts.advertisedHost } : {}),
      }),
    );
    writeFileSync(join(dir, 'log4j.properties'), LOG4J_PROPERTIES);
    const jvmArgs = [`-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`, `-Dkafka.logs.dir=${dir}`, '-Djava.awt.headless=true'];

    const logFd = openSync(logFile, 'a');
    try {
      const clusterId = formattedClusterId(logDir);
      if (clusterId === undefined) {
        logger.info({ dir, logFile }, 'formatting the KRaft storage');
        child = spawnJava([...jvmArgs, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', config, '--ignore-formatted'], logFd);
        const format = await unlessAborted(exitOf(child), signal);
        if (format.code !== 0) {
          throw new StreamlabError(
            'KAFKA_FORMAT_FAILED',
            `formatting the KRaft storage failed (exit ${format.code ?? format.signal}): ${lastLines(logFile, 3)}; broker log: ${logFile}`,
            {
              value: logFile,
              hint: `read ${logFile}`,
            },
          );
        }
      } else {
        logger.info({ dir, clusterId }, 'the KRaft storage is already formatted: starting on the kept data');
      }
      throwIfAborted(signal);
      child = spawnJava([`-Xmx${opts.maxHeap ?? '512m'}`, '-XX:+UseSerialGC', ...jvmArgs, '-cp', classpath, 'kafka.Kafka', config], logFd);
    } finally {
      closeSync(logFd);
    }
    jvm = child;
    if (jvm.pid === undefined) throw new StreamlabError('KAFKA_START_FAILED', `could not start ${java}`, { value: java, hint: `broker log: ${logFile}` });
  } catch (err) {
    if (running(child)) {
      const gone = exitOf(child);
      tryKill(child.pid!, 'SIGKILL');
      await gone;
    }
    cleanup();
    throw err;
  }
  const pid = jvm.pid;

  let expected = false;
  const exited = exitOf(jvm).then((e) => ({ ...e, expected }));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      expected = true;
      if (running(jvm)) {
        tryKill(pid, 'SIGTERM');
        const timer = new AbortController();
        const timedOut = await Promise.race([exited.then(() => false), delay(stopTimeoutMs, true, { signal: timer.signal }).catch(() => false)]);
        timer.abort();
        if (timedOut) {
          logger.warn({ pid, stopTimeoutMs }, 'Kafka broker did not stop after SIGTERM; sending SIGKILL');
          tryKill(pid, 'SIGKILL');
          await exited;
        }
      }
      cleanup();
      logger.info({ pid, ...(keepsData ? { dataDir: dir } : {}) }, keepsData ? 'Kafka broker stopped; its data is kept' : 'Kafka broker stopped');
    })();
    return stopping;
  };

  const brokers = `${opts.advertisedHost ?? '127.0.0.1'}:${brokerPort}`;
  try {
    await waitUntilReady(brokers, jvm, opts.readyTimeoutMs ?? 90_000, logFile, signal);
  } catch (err) {
    await stop();
    throw err;
  }
  const startupMs = Date.now() - started;
  logger.info({ brokers, pid, startupMs, logFile, dir }, `Kafka broker ready at ${brokers}`);
  return { brokers, pid, logFile, dir, keepsData, startupMs, exited, rssBytes: () => rssOf(pid), stop };
}

/** Resolves when the process exits (or could not be started). */
function exitOf(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve({ code: p.exitCode, signal: p.signalCode });
  return new Promise((resolve) => {
    p.once('exit', (code, signal) => resolve({ code, signal }));
    p.once('error', () => resolve({ code: p.exitCode ?? -1, signal: p.signalCode }));
  });
}

/** The cluster id of an already formatted storage (`meta.properties`), else `undefined`. */
function formattedClusterId(logDir: string): string | undefined {
  const meta = join(logDir, 'meta.properties');
  if (!existsSync(meta)) return undefined;
  return /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1]?.trim() ?? '?';
}

/** The ports of the kept data dir's last start while they are free, else new free ports. */
async function choosePorts(dir: string, reuse: boolean, logger: Logger, port: number | undefined): Promise<[number, number]> {
  if (port !== undefined) {
    if (!(await portsFree([port]))) {
      throw new StreamlabError('KAFKA_PORT_IN_USE', `port ${port} on 127.0.0.1 is in use: stop what uses it (another Kafka?), or choose another port`, {
        value: port,
      });
    }
    let controller: number;
    do [controller] = (await freePorts(1)) as [number];
    while (controller === port);
    return [port, controller];
  }
  if (reuse) {
    let saved: z.infer<typeof SavedPorts> | undefined;
    try {
      saved = SavedPorts.parse(JSON.parse(readFileSync(join(dir, PORTS_FILE), 'utf8')));
    } catch {
      saved = undefined;
    }
    if (saved) {
      const ports: [number, number] = [saved.brokerPort, saved.controllerPort];
      if (await portsFree(ports)) return ports;
      logger.warn({ ports }, 'the ports of the last start on this data dir are taken: using new ones');
    }
  }
  return (await freePorts(2)) as [number, number];
}

/** A kept data dir whose pid file names a live Java process is in use by another broker. */
function assertNotInUse(dir: string): void {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(dir, PID_FILE), 'utf8'), 10);
  } catch {
    return;
  }
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (cmdline.includes(dir)) {
    throw new StreamlabError('KAFKA_DATA_DIR_IN_USE', `another Kafka broker (pid ${pid}) is running on ${dir}`, {
      value: dir,
      hint: `stop it first, or choose another --data-dir`,
    });
  }
}

async function waitUntilReady(brokers: string, jvm: ChildProcess, timeoutMs: number, logFile: string, signal: AbortSignal | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({
    clientId: 'streamlab-ready-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    throwIfAborted(signal);
    if (jvm.exitCode !== null || jvm.signalCode !== null) {
      throw new StreamlabError(
        'KAFKA_START_FAILED',
        `the Kafka broker exited during start (${jvm.exitCode ?? jvm.signalCode}): ${lastLines(logFile, 3)}; broker log: ${logFile}`,
        {
          value: logFile,
          hint: `read ${logFile}`,
        },
      );
    }
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      const ready = await unlessAborted(
        (async () => {
          await admin.connect();
          await admin.describeCluster();
          await admin.createTopics({ topics: [{ topic: PROBE_TOPIC, numPartitions: 1 }], waitForLeaders: true, timeout: 5000 });
          const meta = await admin.fetchTopicMetadata({ topics: [PROBE_TOPIC] });
          return meta.topics[0]?.partitions.every((p) => p.leader >= 0) ?? false;
        })(),
        signal,
      );
      if (ready) return;
    } catch (err) {
      if ((err as StreamlabError).code === 'KAFKA_START_ABORTED') throw err;
      lastError = err;
    } finally {
      const disconnected = admin.disconnect().catch(() => undefined);
      if (!signal?.aborted) await disconnected;
    }
    await unlessAborted(delay(200), signal);
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
