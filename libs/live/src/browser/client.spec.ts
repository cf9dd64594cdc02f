import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLiveConfig } from '../config.js';
import { makeBatchInfo } from '../batch-info.js';
import { LiveHub } from '../live-hub.js';
import { socketioSink } from '../socketio-sink.js';
import { createLiveServer, type LiveServer } from '../server/live-server.js';
import { LiveClient, type ConnectionState } from './client.js';

const TOKEN = 'tok-0123456789abcdef';
const servers: LiveServer[] = [];
const clients: LiveClient[] = [];

async function start(env: Record<string, string> = {}, hub = new LiveHub()): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'live-web-'));
  writeFileSync(join(dir, 'x.js'), 'export {};');
  const web = { dir, entries: { landing: { js: 'x.js', css: [] }, 'uc-demo': { js: 'x.js', css: [] } } };
  const server = createLiveServer({
    config: loadLiveConfig({ PORT: '0', ...env }),
    logger: pino({ level: 'silent' }),
    web,
    hub,
    defaultMetrics: false,
  });
  server.mount({ summary: { name: 'demo', title: 'Demo', description: 'd', tile: null }, entry: 'uc-demo' });
  servers.push(server);
  return server.listen();
}

/** The first state of the client among `states`. */
function reaches(client: LiveClient, states: ConnectionState[]): Promise<ConnectionState> {
  return new Promise((resolve) => {
    const off = client.onState((s) => {
      if (!states.includes(s)) return;
      queueMicrotask(() => off());
      resolve(s);
    });
  });
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('LiveClient and the access token', () => {
  it('connects with the token when the server requires one', async () => {
    const url = await start({ STREAMLAB_TOKEN: TOKEN });
    const live = new LiveClient('demo', { url, token: TOKEN });
    clients.push(live);
    expect(await reaches(live, ['live', 'unauthorized'])).toBe('live');
  });

  it('shows "unauthorized" (and stops retrying) with a wrong token', async () => {
    const url = await start({ STREAMLAB_TOKEN: TOKEN });
    const live = new LiveClient('demo', { url, token: 'wrong-token-wrong-token' });
    clients.push(live);
    expect(await reaches(live, ['live', 'unauthorized'])).toBe('unauthorized');
    expect(live.socket.active).toBe(false); // no retries: a wrong token stays wrong
  });

  it('connects without a token when none is required', async () => {
    const url = await start();
    const live = new LiveClient('demo', { url, token: '' });
    clients.push(live);
    expect(await reaches(live, ['live', 'unauthorized'])).toBe('live');
  });
});

describe('LiveClient totals', () => {
  it('shows the late rows of the query since it started, not since the page opened (as /metrics counts them)', async () => {
    const hub = new LiveHub();
    const url = await start({}, hub);
    const sink = socketioSink({ namespace: 'demo', hub, query: 'counts' });
    const batch = (batchId: number, lateRows: number, maxEventTimeMs?: number) =>
      sink.addBatch([{ k: `k${batchId}` }], makeBatchInfo({ batchId, outputMode: 'append', lateRows, ...(maxEventTimeMs ? { maxEventTimeMs } : {}) }));
    await batch(0, 1000, 5_000);
    await batch(1, 2013, 9_000);
    const live = new LiveClient('demo', { url, token: '' });
    clients.push(live);
    const seen = (kind: 'batch' | 'snapshot') => new Promise<void>((resolve) => live.onQuery('counts', (_v, _m, k) => k === kind && resolve()));
    await seen('snapshot');
    expect(live.view('counts').lateRowsTotal).toBe(3013);
    expect(live.view('counts').maxEventTimeMs).toBe(9_000);
    const next = seen('batch');
    await batch(2, 5); // an idle batch: no event time
    hub.flushAll();
    await next;
    expect(live.view('counts').lateRowsTotal).toBe(3018);
    expect(live.view('counts').maxEventTimeMs).toBe(9_000);
  });
});
