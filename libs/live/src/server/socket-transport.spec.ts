import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { makeBatchInfo } from '../batch-info.js';
import { loadLiveConfig } from '../config.js';
import { LiveHub } from '../live-hub.js';
import type { BatchMessage, SnapshotMessage } from '../protocol.js';
import { ManualScheduler } from '../scheduler.js';
import { socketioSink } from '../socketio-sink.js';
import { createLiveServer, type LiveServer } from './live-server.js';

const TOKEN = 'tok-0123456789abcdef';
const logger = pino({ level: 'silent' });
const servers: LiveServer[] = [];
const sockets: Socket[] = [];

async function start(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'live-web-'));
  writeFileSync(join(dir, 'x.js'), 'export {};');
  const clock = new ManualScheduler(0);
  const hub = new LiveHub(clock);
  const web = { dir, entries: { landing: { js: 'x.js', css: [] }, 'uc-demo': { js: 'x.js', css: [] } } };
  const server = createLiveServer({ config: loadLiveConfig({ PORT: '0', ...env }), logger, web, hub, defaultMetrics: false });
  server.mount({ summary: { name: 'demo', title: 'Demo', description: 'd', tile: null }, entry: 'uc-demo' });
  servers.push(server);
  const url = await server.listen();
  return { server, hub, clock, url };
}

async function client(url: string, transports: ('websocket' | 'polling')[] = ['websocket']): Promise<Socket> {
  const s = connect(`${url}/demo`, { transports, reconnection: false, forceNew: true });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

/** Resolves once a socket connects or is refused (never hangs: reconnection is off). */
function settled(s: Socket): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', () => resolve('refused'));
  });
}

function open(url: string, nsp: string, opts: Parameters<typeof connect>[1] = {}): Socket {
  const s = connect(`${url}${nsp}`, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
  sockets.push(s);
  return s;
}

/** An engine.io handshake (long-polling, the first request of every socket.io client) with exactly these headers. */
function handshake(url: string, query = '', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(url).port, path: `/socket.io/?EIO=4&transport=polling${query}`, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function next<T>(s: Socket, event: string): Promise<T> {
  return new Promise((resolve) => s.once(event, (v: T) => resolve(v)));
}

/** The server side of the most recent connection: its socket.io socket and its TCP socket. */
function serverSide(server: LiveServer, clientId: string | undefined) {
  const s = [...server.transport.io.of('/demo').sockets.values()].find((x) => x.id === clientId);
  if (!s) throw new Error('no server socket for the client');
  const conn = s.conn as unknown as { writeBuffer: unknown[]; transport: { name: string; socket?: { _socket?: NetSocket } } };
  return { socket: s, conn, raw: conn.transport.socket?._socket };
}

/** Makes a TCP socket look backed up by `bytes` unsent bytes (a client that stopped reading). */
function backlog(raw: NetSocket, bytes: number): () => void {
  Object.defineProperty(raw, 'writableLength', { configurable: true, get: () => bytes });
  return () => delete (raw as unknown as { writableLength?: number }).writableLength;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('broadcast', () => {
  it('writes one pre-built frame to WebSocket clients and sends the same message to long-polling clients through engine.io', async () => {
    const { server, hub, url } = await start();
    const ws = await client(url);
    const polling = await client(url, ['polling']);
    const { raw, conn } = serverSide(server, ws.id);
    expect(conn.transport.name).toBe('websocket');
    const writes = vi.spyOn(raw as NetSocket, 'write');
    const got = [next<BatchMessage>(ws, 'batch'), next<BatchMessage>(polling, 'batch')];
    const sink = socketioSink({ namespace: 'demo', hub, query: 'counts', maxMessagesPerSecond: 1000 });
    await sink.addBatch([{ k: 'a', n: 1, label: '<b>é</b>' }], makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['k'] }));
    const [a, b] = await Promise.all(got);
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      query: 'counts',
      outputMode: 'update',
      keyFields: ['k'],
      firstBatchId: 0,
      lastBatchId: 0,
      rows: [{ k: 'a', n: 1, label: '<b>é</b>' }],
      removed: [],
      truncatedRows: 0,
    });
    expect(writes).toHaveBeenCalledTimes(1);
    const frame = writes.mock.calls[0]?.[0] as Buffer;
    expect(frame[0]).toBe(0x81);
    expect(frame.toString('utf8')).toContain('42/demo,["batch",{"query":"counts"');
  });

  it('leaves a client whose TCP socket is backed up out of broadcasts, then catches it up with a snapshot', async () => {
    const { server, hub, clock, url } = await start({ STREAMLAB_MAX_QUEUED_MESSAGES: '2' });
    const slow = await client(url);
    const fast = await client(url);
    const { socket, raw } = serverSide(server, slow.id);
    const slowGot: BatchMessage[] = [];
    const fastGot: BatchMessage[] = [];
    slow.on('batch', (m: BatchMessage) => slowGot.push(m));
    fast.on('batch', (m: BatchMessage) => fastGot.push(m));
    const writes = vi.spyOn(raw as NetSocket, 'write');
    const restore = backlog(raw as NetSocket, 10_000_000);
    const sink = socketioSink({ namespace: 'demo', hub, query: 'counts', maxMessagesPerSecond: 1000 });
    for (let i = 0; i < 3; i++) {
      await sink.addBatch([{ k: 'a', n: i }], makeBatchInfo({ batchId: i, outputMode: 'update', keyFields: ['k'] }));
      clock.advance(1);
    }
    expect(socket.rooms.has('__lagging')).toBe(true);
    expect(writes).not.toHaveBeenCalled();
    const skips = await server.metrics.registry.getSingleMetricAsString('streamlab_live_slow_client_skips_total');
    expect(skips).toContain('streamlab_live_slow_client_skips_total{use_case="demo"} 1');
    restore(); // it reads again: at the next message it gets the current table instead
    const snapshot = next<SnapshotMessage>(slow, 'snapshot');
    const fastLast = next<BatchMessage>(fast, 'batch');
    await sink.addBatch([{ k: 'a', n: 3 }], makeBatchInfo({ batchId: 3, outputMode: 'update', keyFields: ['k'] }));
    expect((await snapshot).rows).toEqual([{ k: 'a', n: 3 }]);
    await fastLast;
    expect(fastGot.map((m) => m.lastBatchId)).toEqual([0, 1, 2, 3]);
    expect(slowGot).toEqual([]);
    expect(socket.rooms.has('__lagging')).toBe(false);
  });

  it('volatile: a client that is not ready misses the message and nothing is queued for it', async () => {
    const { server, hub, url } = await start();
    const slow = await client(url);
    const fast = await client(url);
    const { raw, conn } = serverSide(server, slow.id);
    const writes = vi.spyOn(raw as NetSocket, 'write');
    const restore = backlog(raw as NetSocket, 1);
    const got = next<BatchMessage>(fast, 'batch');
    const sink = socketioSink({ namespace: 'demo', hub, query: 'positions', maxMessagesPerSecond: 1000, volatile: true });
    await sink.addBatch([{ id: 'v1', x: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    expect((await got).rows).toEqual([{ id: 'v1', x: 1 }]);
    expect(writes).not.toHaveBeenCalled();
    expect(conn.writeBuffer).toEqual([]);
    restore();
  });
});

describe('handshake checks', () => {
  it('refuses a handshake whose Host name is not known (DNS rebinding), over long-polling and WebSocket', async () => {
    const { url } = await start();
    const port = new URL(url).port;
    const refused = await handshake(url, '', { Host: `rebind.attacker.example:${port}`, Origin: `http://rebind.attacker.example:${port}` });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('rebind.attacker.example');
    expect(refused.body).toContain('STREAMLAB_ALLOWED_HOSTS');
    expect((await handshake(url, '', { Host: `localhost:${port}` })).status).toBe(200);
    expect((await handshake(url, '', { Host: `[::1]:${port}` })).status).toBe(200);
    const ws = open(url, '/demo', { extraHeaders: { Host: `rebind.attacker.example:${port}` } });
    expect(await settled(ws)).toBe('refused');
    const own = open(url, '/demo', { extraHeaders: { Host: `127.0.0.1:${port}` } });
    expect(await settled(own)).toBe('connected');
  });

  it('with a token, checks it at the handshake: query parameter or Authorization header (any case), nothing else', async () => {
    const { url } = await start({ STREAMLAB_TOKEN: TOKEN });
    const none = await handshake(url);
    expect(none.status).toBe(403);
    expect(none.body).toMatch(/unauthorized/);
    expect((await handshake(url, '&token=wrong-token-wrong-token')).status).toBe(403);
    expect((await handshake(url, '', { Authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(403);
    expect((await handshake(url, `&token=${TOKEN}`)).status).toBe(200);
    expect((await handshake(url, '', { Authorization: `bearer ${TOKEN}` })).status).toBe(200);
    expect(await settled(open(url, '/demo', { query: { token: TOKEN } }))).toBe('connected');
    expect(await settled(open(url, '/demo', { extraHeaders: { Authorization: `Bearer ${TOKEN}` } }))).toBe('connected');
    expect(await settled(open(url, '/demo', { transports: ['polling'], query: { token: TOKEN } }))).toBe('connected');
  });

  it('with a token and a limit of N connections, N clients without the token do not lock out one with it', async () => {
    const N = 3;
    const { server, url } = await start({ STREAMLAB_TOKEN: TOKEN, STREAMLAB_MAX_CONNECTIONS: String(N) });
    const intruders = [...Array(N).keys()].map(() => open(url, '/'));
    await Promise.all(intruders.map(settled));
    const holder = open(url, '/demo', { query: { token: TOKEN } });
    expect(await settled(holder)).toBe('connected');
    // Bare engine.io sessions (a handshake that joins no namespace) without the token are refused too.
    const raw = await Promise.all([...Array(N).keys()].map(() => handshake(url)));
    expect(raw.map((r) => r.status)).toEqual(Array(N).fill(403));
    expect(server.transport.io.engine.clientsCount).toBe(1);
  });

  it('refuses namespace / (no use case lives there), so a connection cannot sit on it', async () => {
    const { url } = await start();
    const root = open(url, '/');
    const err = new Promise<Error>((resolve) => root.once('connect_error', resolve));
    expect(await settled(root)).toBe('refused');
    expect((await err).message).toMatch(/namespace/);
    expect(await settled(open(url, '/demo'))).toBe('connected');
  });
});

describe('client events', () => {
  it("delivers a token-checked client's event to its use case's handler, validated, and answers with the result", async () => {
    const { hub, url } = await start({ STREAMLAB_TOKEN: TOKEN });
    const got: unknown[] = [];
    hub.clientEvents.on('demo', 'ack', {
      schema: z.object({ alertId: z.string().max(10) }),
      handle: (p) => {
        got.push(p);
        return 'stored';
      },
    });
    const s = open(url, '/demo', { query: { token: TOKEN } });
    expect(await settled(s)).toBe('connected');
    const send = (event: string, payload: unknown) => s.timeout(5_000).emitWithAck(event, payload) as Promise<{ ok: boolean; value?: unknown; error?: string }>;
    expect(await send('ack', { alertId: 'a1' })).toEqual({ ok: true, value: 'stored' });
    expect(await send('ack', { alertId: 'a'.repeat(11) })).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid payload/) });
    expect(await send('drop-tables', {})).toMatchObject({ ok: false, error: 'unknown event "drop-tables"' });
    expect(got).toEqual([{ alertId: 'a1' }]);
    // without the token there is no socket to send on
    expect(await settled(open(url, '/demo'))).toBe('refused');
  });
});
