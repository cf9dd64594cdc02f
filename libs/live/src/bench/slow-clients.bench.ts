/**
 * Deliberately slow clients: some clients stop reading their socket while a query publishes
 * update batches at 10 Hz. With the live layer, a client that falls behind is left out of
 * broadcasts until its queue drains (then it gets a snapshot), so the server holds a bounded
 * amount for it. The baseline, in the same run, is a bare `namespace.emit`, where engine.io
 * queues every message for a stalled client. Reported for both: the most messages and bytes the
 * server held for one slow client (engine.io queue + Node socket buffer), sampled every tick,
 * and the process's heap+external growth after GC.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Namespace, Socket } from 'socket.io';
import { makeBatchInfo } from '../batch-info.js';
import { socketioSink } from '../socketio-sink.js';
import { benchServer, load1m, round, sampleRows, seconds, sleep, startClients } from './harness.js';

const HZ = 10;
const ROWS = 500; // ~50 KB per message
const CLIENTS = 40;
const SLOW = 10;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  g?.();
  g?.();
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * Messages and bytes the server holds for one client: engine.io's queue plus the socket's unsent
 * bytes (the live layer writes frames to the socket directly, so its backlog is counted there,
 * in messages of `messageBytes`).
 */
function held(s: Socket, messageBytes: number): { messages: number; bytes: number } {
  const conn = s.conn as unknown as { writeBuffer: { data?: unknown }[]; transport: { socket?: { _socket?: { writableLength: number } } } };
  const socketBytes = conn.transport.socket?._socket?.writableLength ?? 0;
  let bytes = socketBytes;
  for (const p of conn.writeBuffer) bytes += typeof p.data === 'string' ? p.data.length : 0;
  return { messages: conn.writeBuffer.length + Math.ceil(socketBytes / messageBytes), bytes };
}

async function run(secs: number, via: 'sink' | 'raw') {
  const { server, hub, url } = await benchServer();
  const ns = via === 'sink' ? 'bench' : 'raw';
  const nsp: Namespace = server.transport.io.of(`/${ns}`);
  const c = await startClients({ url, namespace: ns, count: CLIENTS, paused: SLOW });
  const sink = socketioSink({ namespace: 'bench', hub, query: 'table', maxMessagesPerSecond: HZ, snapshotRows: 500 });
  await sleep(300);
  gc();
  const mem0 = memory();
  let tick = 0;
  let worstMessages = 0;
  let worstBytes = 0;
  const timer = setInterval(() => {
    tick += 1;
    const rows = sampleRows(ROWS, tick);
    const info = makeBatchInfo({ batchId: tick, outputMode: 'update', keyFields: ['window', 'zone'] });
    const msg = { query: 'table', outputMode: 'update', keyFields: ['window', 'zone'], rows, removed: [], progress: info.progress, sentAtMs: Date.now() };
    const messageBytes = Buffer.byteLength(JSON.stringify(msg));
    if (via === 'sink') void sink.addBatch(rows, info);
    else nsp.emit('batch', msg);
    for (const s of nsp.sockets.values()) {
      const h = held(s, messageBytes);
      worstMessages = Math.max(worstMessages, h.messages);
      worstBytes = Math.max(worstBytes, h.bytes);
    }
  }, 1000 / HZ);
  await sleep(secs * 1000);
  clearInterval(timer);
  gc();
  const memGrowthMb = round((memory() - mem0) / 1024 / 1024, 1);
  const { received } = await c.stats();
  await c.close();
  await server.close();
  await sleep(500);
  gc();
  return {
    memGrowthMb,
    worstMessages,
    worstMb: round(worstBytes / 1024 / 1024, 1),
    messages: tick,
    fastDelivered: round(received / (tick * (CLIENTS - SLOW)), 3),
  };
}

// Each phase runs in its own process so heap numbers do not carry over between them.
const phase = process.env.BENCH_SLOW_PHASE as 'sink' | 'raw' | undefined;
// A stalled client is dropped by the ping timeout after ~20 s; measure before that.
const secs = Math.min(18, seconds(18));
if (phase) {
  process.send?.(await run(secs, phase));
  process.exit(0);
}
function runPhase(via: 'sink' | 'raw'): Promise<Awaited<ReturnType<typeof run>>> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--expose-gc', '--import', 'tsx', '--conditions=development'],
      env: { ...process.env, BENCH_SLOW_PHASE: via },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) => resolve(m as Awaited<ReturnType<typeof run>>));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`phase ${via} exited with ${code}`))));
  });
}
const base = await runPhase('raw');
const live = await runPhase('sink');
process.stdout.write(
  `${JSON.stringify({
    workload: 'live-slow-clients',
    clients: CLIENTS,
    slowClients: SLOW,
    hz: HZ,
    rowsPerMessage: ROWS,
    seconds: secs,
    maxHeldMessagesPerSlowClient: live.worstMessages,
    maxHeldMbPerSlowClient: live.worstMb,
    memGrowthMb: live.memGrowthMb,
    fastClientsDelivered: live.fastDelivered,
    baselineMaxHeldMessagesPerSlowClient: base.worstMessages,
    baselineMaxHeldMbPerSlowClient: base.worstMb,
    baselineMemGrowthMb: base.memGrowthMb,
    baselineFastClientsDelivered: base.fastDelivered,
    ratio: round(live.worstMb / Math.max(0.1, base.worstMb), 2),
    loadAvg1m: load1m(),
  })}\n`,
);
process.exit(0);
