/**
 * Fan-out load: N socket.io clients on one namespace, a query publishing a dashboard-sized
 * update batch at 10 Hz through the socket.io sink. Reports this (server) process's CPU as a
 * share of one core (user and kernel apart too) and its event-loop delay p99, against a baseline
 * in the same run: the same message broadcast with a bare `namespace.emit` (no sink, no
 * coalescing, no slow-client guard). Clients use the WebSocket transport (what browsers end on).
 * Workloads: 500 clients for 30 s (the load test), 1,000 clients (target: within 10% of a core).
 * Clients run in a child process; `BENCH_LIVE_SECONDS` shortens the runs.
 */
import { makeBatchInfo } from '../batch-info.js';
import { socketioSink } from '../socketio-sink.js';
import { benchServer, load1m, measureProcess, round, sampleRows, seconds, sleep, startClients } from './harness.js';

const HZ = 10;
const ROWS = 20;

async function run(clients: number, secs: number, via: 'sink' | 'raw') {
  const { server, hub, url } = await benchServer();
  const ns = via === 'sink' ? 'bench' : 'raw';
  const c = await startClients({ url, namespace: ns, count: clients });
  const sink = socketioSink({ namespace: 'bench', hub, query: 'counts', maxMessagesPerSecond: HZ });
  const raw = server.transport.io.of('/raw');
  await sleep(500); // let the handshakes settle
  const m = measureProcess();
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    const rows = sampleRows(ROWS, tick);
    const info = makeBatchInfo({
      batchId: tick,
      outputMode: 'update',
      keyFields: ['window', 'zone'],
      numInputRows: 1000,
      inputRowsPerSecond: 10_000,
      processedRowsPerSecond: 50_000,
    });
    if (via === 'sink') void sink.addBatch(rows, info);
    else
      raw.emit('batch', {
        query: 'counts',
        outputMode: 'update',
        keyFields: ['window', 'zone'],
        rows,
        removed: [],
        progress: info.progress,
        sentAtMs: Date.now(),
      });
  }, 1000 / HZ);
  await sleep(secs * 1000);
  clearInterval(timer);
  const r = m.stop();
  await sleep(300);
  const { received } = await c.stats();
  await c.close();
  await server.close();
  return { ...r, messages: tick, delivered: round(received / (tick * clients), 3) };
}

for (const [clients, secs] of [
  [500, seconds(30)],
  [1000, seconds(15)],
] as const) {
  const live = await run(clients, secs, 'sink');
  const base = await run(clients, secs, 'raw');
  process.stdout.write(
    `${JSON.stringify({
      workload: `live-fanout-${clients}-clients-${HZ}hz`,
      clients,
      hz: HZ,
      seconds: secs,
      rowsPerMessage: ROWS,
      cpuCorePct: live.cpuCorePct,
      cpuUserPct: live.cpuUserPct,
      cpuSystemPct: live.cpuSystemPct,
      eventLoopDelayP99Ms: live.eventLoopDelayP99Ms,
      eventLoopDelayMaxMs: live.eventLoopDelayMaxMs,
      delivered: live.delivered,
      baselineCpuCorePct: base.cpuCorePct,
      baselineCpuUserPct: base.cpuUserPct,
      baselineCpuSystemPct: base.cpuSystemPct,
      baselineEventLoopDelayP99Ms: base.eventLoopDelayP99Ms,
      ratio: round(live.cpuCorePct / base.cpuCorePct, 2),
      loadAvg1m: load1m(),
    })}\n`,
  );
}
process.exit(0);
