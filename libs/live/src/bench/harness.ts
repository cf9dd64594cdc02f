/**
 * Shared pieces of the live benches: a live server on loopback, client processes, and CPU and
 * event-loop-delay measurement of this (the server's) process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadLiveConfig } from '../config.js';
import { LiveHub } from '../live-hub.js';
import { createLiveServer, type LiveServer } from '../server/live-server.js';

export const logger = pino({ level: 'silent' });
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** A live server on a free loopback port with the `bench` namespace mounted. */
export async function benchServer(hub = new LiveHub()): Promise<{ server: LiveServer; hub: LiveHub; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'live-bench-'));
  writeFileSync(join(dir, 'x.js'), '');
  const server = createLiveServer({
    config: loadLiveConfig({ PORT: '0', STREAMLAB_MAX_CONNECTIONS: '10000' }),
    logger,
    hub,
    defaultMetrics: false,
    web: { dir, entries: { landing: { js: 'x.js', css: [] }, 'uc-bench': { js: 'x.js', css: [] } } },
  });
  server.mount({ summary: { name: 'bench', title: 'Bench', description: '', tile: null }, entry: 'uc-bench' });
  server.transport.ensureNamespace('raw');
  const url = (await server.listen()).replace('localhost', '127.0.0.1');
  return { server, hub, url };
}

export interface Clients {
  child: ChildProcess;
  stats(): Promise<{ received: number }>;
  on(type: string, fn: (m: Record<string, unknown>) => void): void;
  close(): Promise<void>;
}

/** Starts `count` clients (the first `paused` of them stop reading) in a child process. */
export async function startClients(opts: { url: string; namespace: string; count: number; paused?: number; mode?: 'count' | 'latency' }): Promise<Clients> {
  const child = fork(join(root, 'libs/live/src/bench/clients.ts'), [], {
    execArgv: ['--import', 'tsx', '--conditions=development'],
    env: { ...process.env, BENCH_CLIENTS: JSON.stringify({ paused: 0, mode: 'count', ...opts }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listeners = new Map<string, ((m: Record<string, unknown>) => void)[]>();
  child.on('message', (m: Record<string, unknown>) => {
    for (const fn of listeners.get(String(m.type)) ?? []) fn(m);
  });
  const on = (type: string, fn: (m: Record<string, unknown>) => void) => listeners.set(type, [...(listeners.get(type) ?? []), fn]);
  await new Promise<void>((resolve, reject) => {
    on('ready', () => resolve());
    on('error', (m) => reject(new Error(String(m.message))));
    child.once('exit', (code) => reject(new Error(`clients exited with ${code}`)));
  });
  return {
    child,
    on,
    stats: () =>
      new Promise((resolve) => {
        on('stats', (m) => resolve({ received: Number(m.received) }));
        child.send({ type: 'stats' });
      }),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

/** The machine's 1-minute load average (the benches share 2 cores with other work: read numbers with it). */
export function load1m(): number {
  return round(loadavg()[0] ?? 0, 2);
}

/**
 * CPU (share of one core; total, and user and kernel apart) and event-loop delay p99 of this
 * process over a window. On loopback the kernel share includes the receiving side's TCP work,
 * which the sending process's `write` performs.
 */
export function measureProcess(): {
  stop(): { cpuCorePct: number; cpuUserPct: number; cpuSystemPct: number; eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number };
} {
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      const cpu = process.cpuUsage(cpu0);
      const ms = performance.now() - t0;
      eld.disable();
      return {
        cpuCorePct: round(((cpu.user + cpu.system) / 1000 / ms) * 100, 1),
        cpuUserPct: round((cpu.user / 1000 / ms) * 100, 1),
        cpuSystemPct: round((cpu.system / 1000 / ms) * 100, 1),
        eventLoopDelayP99Ms: round(eld.percentile(99) / 1e6, 2),
        eventLoopDelayMaxMs: round(eld.max / 1e6, 2),
      };
    },
  };
}

export function round(n: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(n * k) / k;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds a workload runs: `BENCH_LIVE_SECONDS` overrides (for quick runs). */
export function seconds(defaultSeconds: number): number {
  const v = Number(process.env.BENCH_LIVE_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : defaultSeconds;
}

/** A dashboard-sized update batch: `rows` keyed rows of a few fields. */
export function sampleRows(rows: number, tick: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows; i++)
    out.push({
      window: { start: 1_700_000_000_000 + tick * 1000, end: 1_700_000_010_000 + tick * 1000 },
      zone: `zone-${i}`,
      count: tick * 7 + i,
      avg: 12.5 + i,
    });
  return out;
}
