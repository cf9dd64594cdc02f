/**
 * Bench helper (a child process, not a bench itself): opens `count` socket.io clients on one
 * namespace and reports to the parent over IPC. `paused` of them stop reading their socket after
 * connecting (deliberately slow clients). In `latency` mode each message is applied to a
 * ResultTable (what a dashboard does) and the arrival time of each `n` is reported.
 */
import { io, type Socket } from 'socket.io-client';
import { ResultTable } from '../result-table.js';
import type { BatchMessage } from '../protocol.js';

interface Args {
  url: string;
  namespace: string;
  count: number;
  paused: number;
  mode: 'count' | 'latency';
}

const args = JSON.parse(process.env.BENCH_CLIENTS ?? '{}') as Args;
const send = (m: unknown) => process.send?.(m);
const now = () => performance.timeOrigin + performance.now();
let received = 0;
let connected = 0;
const sockets: Socket[] = [];

function open(i: number): Socket {
  const s = io(`${args.url}/${args.namespace}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  const paused = i < args.paused;
  s.on('connect', () => {
    connected += 1;
    if (paused) {
      // Stop reading: the server's writes back up behind this client.
      const ws = (s.io.engine.transport as unknown as { ws?: { _socket?: { pause(): void } } }).ws;
      if (!ws?._socket) send({ type: 'error', message: 'cannot pause: no websocket socket found' });
      ws?._socket?.pause();
    }
    if (connected === args.count) send({ type: 'ready' });
  });
  s.on('connect_error', (err) => send({ type: 'error', message: err.message }));
  if (!paused) {
    if (args.mode === 'latency') {
      const table = new ResultTable({ maxRows: 100 });
      s.on('batch', (msg: BatchMessage) => {
        table.apply(msg.outputMode, msg.keyFields, msg.rows, msg.removed);
        const row = table.rows()[0] as { n?: number } | undefined;
        if (row?.n !== undefined) send({ type: 'seen', n: row.n, t: now() });
        received += 1;
      });
    } else {
      s.on('batch', () => (received += 1));
    }
  }
  return s;
}

// Connect in small waves so the handshakes do not all land at once.
for (let i = 0; i < args.count; i++) {
  sockets.push(open(i));
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') send({ type: 'stats', received });
  if (m.type === 'close') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
