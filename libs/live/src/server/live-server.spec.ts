import { mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '@streamlab/core';
import { makeBatchInfo, makeProgress } from '../batch-info.js';
import { loadLiveConfig } from '../config.js';
import { LiveHub } from '../live-hub.js';
import type { BatchMessage, SnapshotMessage } from '../protocol.js';
import { socketioSink } from '../socketio-sink.js';
import { ManualScheduler } from '../scheduler.js';
import { createLiveServer, type LiveServer } from './live-server.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

const TOKEN = 'tok-0123456789abcdef';
const logger = pino({ level: 'silent' });
const servers: LiveServer[] = [];
const sockets: Socket[] = [];

function webFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'live-web-'));
  writeFileSync(join(dir, 'landing.js'), 'export {};');
  writeFileSync(join(dir, 'demo.js'), 'export {};');
  writeFileSync(join(dir, 'kit.css'), 'body{}');
  return { dir, entries: { landing: { js: 'landing.js', css: ['kit.css'] }, 'uc-demo': { js: 'demo.js', css: [] } } };
}

async function start(env: Record<string, string> = {}, log: Logger = logger, defaultMetrics = false) {
  const hub = new LiveHub();
  const server = createLiveServer({
    config: loadLiveConfig({ PORT: '0', ...env }),
    logger: log,
    web: webFixture(),
    hub,
    broker: { mode: 'embedded' },
    defaultMetrics,
  });
  server.mount({ summary: { name: 'demo', title: 'Demo <b>bold</b>', description: 'd', tile: null }, entry: 'uc-demo' });
  servers.push(server);
  const url = await server.listen();
  return { server, hub, url };
}

function socket(url: string, opts: Parameters<typeof connect>[1] = {}): Socket {
  const s = connect(`${url}/demo`, { transports: ['websocket'], reconnection: false, ...opts });
  sockets.push(s);
  return s;
}

function next<T>(s: Socket, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    s.once(event, (v: T) => resolve(v));
    s.once('connect_error', reject);
  });
}

/** A GET to the server on 127.0.0.1 with exactly these headers (fetch does not let one set Host). */
function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(url).port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A pino logger at debug that keeps its records. */
function capturingLogger(): { log: Logger; records: { level: number; msg?: string }[] } {
  const records: { level: number; msg?: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line) as { level: number }) });
  return { log, records };
}

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('live server routes', () => {
  it('serves the landing page with a CSP, no inline script, and escaped titles', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/assets/landing.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/assets/kit.css">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script has a src
    const dash = await (await fetch(`${url}/demo/`)).text();
    expect(dash).toContain('Demo &lt;b&gt;bold&lt;/b&gt; · StreamLab');
    expect(dash).toContain('<meta name="streamlab-use-case" content="demo">');
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('serves bundled assets and 404s for unknown paths', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/assets/landing.js`)).status).toBe(200);
    expect((await fetch(`${url}/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${url}/nope/`)).status).toBe(404);
  });

  it('GET /healthz reports every query and the broker mode; a failed query degrades it', async () => {
    const { url, server } = await start();
    server.setQueries('demo', [{ name: 'counts', id: 'a', isActive: true, stop() {} }]);
    let res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      broker: { mode: 'embedded' },
      useCases: [{ name: 'demo', queries: [{ name: 'counts', status: 'active' }] }],
    });
    server.setQueries('demo', [{ name: 'counts', id: 'a', isActive: false, exception: new Error('boom'), stop() {} }]);
    res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', useCases: [{ queries: [{ status: 'failed', error: 'boom' }] }] });
  });

  it('answers missing or forbidden assets with JSON 404/403, logs them at debug at most, and writes nothing to stderr', async () => {
    // The hub runs without NODE_ENV=test (vitest sets it): express's default handler then prints stack traces.
    vi.stubEnv('NODE_ENV', 'production');
    const stderr = vi.spyOn(process.stderr, 'write');
    const consoleError = vi.spyOn(console, 'error');
    const { log, records } = capturingLogger();
    const { url } = await start({}, log);
    const cases: [string, number][] = [
      ['/assets/nope.js', 404],
      ['/assets/.env', 404],
      ['/assets/..%2f..%2fetc/passwd', 403],
      ['/assets/%2e%2e/%2e%2e/etc/passwd', 403],
    ];
    for (let i = 0; i < 5; i++) {
      for (const [path, status] of cases) {
        const res = await rawGet(url, path, { Host: `localhost:${new URL(url).port}` });
        expect(res.status, path).toBe(status);
        expect(res.headers['content-type'], path).toMatch(/^application\/json/);
        const body = JSON.parse(res.body) as { error: string; value: string };
        expect(body.error, path).toBe(status === 404 ? 'not found' : 'forbidden');
        expect(body.value, path).toBe(path);
        expect(res.body).not.toMatch(/\bat \S+ \(|node_modules/); // no stack trace
      }
    }
    expect((await fetch(`${url}/assets/landing.js`)).status).toBe(200);
    expect(consoleError).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    expect(records.filter((r) => r.level > 20)).toEqual([]); // debug (20) at most
  });

  it('GET /api/<use-case>/progress returns recent progress; unknown use cases are 404', async () => {
    const { url, hub, server } = await start();
    const sink = socketioSink({ namespace: 'demo', hub, query: 'counts' });
    await sink.addBatch([{ k: 'a' }], makeBatchInfo({ batchId: 0, outputMode: 'append', numInputRows: 5 }));
    await sink.addBatch([{ k: 'b' }], makeBatchInfo({ batchId: 1, outputMode: 'append', numInputRows: 7 }));
    const body = (await (await fetch(`${url}/api/demo/progress?history=5`)).json()) as {
      queries: { query: string; progress: { batchId: number; numInputRows: number }[] }[];
    };
    expect(body.queries).toHaveLength(1);
    expect(body.queries[0]?.query).toBe('counts');
    expect(body.queries[0]?.progress.map((p) => [p.batchId, p.numInputRows])).toEqual([
      [0, 5],
      [1, 7],
    ]);
    // A query that has not run a batch yet is listed too (as /healthz lists it), with no progress.
    server.setQueries('demo', [{ name: 'to-kafka', id: 'b', isActive: true, recentProgress: [], stop() {} }]);
    const withIdle = (await (await fetch(`${url}/api/demo/progress?history=5`)).json()) as typeof body;
    expect(withIdle.queries.map((q) => [q.query, q.progress.length])).toEqual([
      ['counts', 2],
      ['to-kafka', 0],
    ]);
    const missing = await fetch(`${url}/api/nope/progress`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ value: 'nope' });
  });

  it('GET /api/<use-case>/progress?history=N: per query its totals and latest N batches (default the latest), small by default', async () => {
    const { url, hub } = await start();
    // fifteen queries reading a 3-partition topic, each with a full progress history
    const fat = (batchId: number, name: string) => {
      const p = makeProgress({ batchId, outputMode: 'append', numInputRows: 20, lateRows: batchId % 2, durationMs: 3 }, name);
      const offsets = { 'fraud.transactions': { 0: 1000 + batchId * 7, 1: 1000 + batchId * 6, 2: 1000 + batchId * 7 } };
      p.sources = [
        {
          description: 'KafkaV2[Subscribe[fraud.transactions]]',
          startOffset: offsets,
          endOffset: offsets,
          latestOffset: offsets,
          numInputRows: 20,
          inputRowsPerSecond: 40,
          processedRowsPerSecond: 6_666.7,
          metrics: { numInvalidRowsTotal: String(batchId >> 4), offsetsBehindLatest: '0', avgOffsetsBehindLatest: '0.0', maxOffsetsBehindLatest: '0' },
        },
      ];
      return p;
    };
    for (let q = 0; q < 15; q++) for (let b = 0; b < 200; b++) hub.recordProgress('demo', fat(b, `query-${q}`));
    type Body = {
      history: number;
      queries: { query: string; totals: { batches: number; lateRows: number; invalidRows: number }; progress: { batchId: number }[] }[];
    };
    const get = async (q: string) => {
      const res = await fetch(`${url}/api/demo/progress${q}`);
      const text = await res.text();
      return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) as Body };
    };
    const byDefault = await get('');
    expect(byDefault.body.history).toBe(1);
    expect(byDefault.body.queries).toHaveLength(15);
    for (const q of byDefault.body.queries) {
      expect(q.progress.map((p) => p.batchId)).toEqual([199]);
      // totals count every batch since the query started, not only those kept
      expect(q.totals).toMatchObject({ batches: 200, lateRows: 100, invalidRows: 199 >> 4 });
    }
    const ten = await get('?history=10');
    expect(ten.body.queries.every((q) => q.progress.length === 10 && q.progress[9]!.batchId === 199)).toBe(true);
    const full = await get('?history=100');
    expect(full.body.queries[0]!.progress).toHaveLength(100);
    expect((await get('?history=0')).body.queries.every((q) => q.progress.length === 0 && q.totals.batches === 200)).toBe(true);
    // about 1 KB a batch: the latest of fifteen queries is ~15 KB, the whole history ~1.5 MB
    expect(byDefault.bytes).toBeLessThan(24 * 1024);
    expect(byDefault.bytes).toBeLessThan(full.bytes / 50);
    for (const bad of ['?history=-1', '?history=101', '?history=x', '?history=1&history=2']) {
      const res = await get(bad);
      expect(res.status, bad).toBe(400);
    }
  });

  it('GET /metrics exposes rates, durations, watermark lag, late and state rows per query', async () => {
    const { url, hub } = await start();
    const sink = socketioSink({ namespace: 'demo', hub, query: 'counts' });
    const batch = {
      batchId: 0,
      outputMode: 'update',
      inputRowsPerSecond: 123,
      processedRowsPerSecond: 456,
      watermarkMs: 10_000,
      maxEventTimeMs: 14_000,
      lateRows: 3,
      stateRows: 42,
      durationMs: 80,
    } as const;
    await sink.addBatch([], makeBatchInfo({ ...batch, processedRowsPerSecond: 0 })); // a sink runs before the batch completes
    hub.recordProgress('demo', makeProgress(batch, 'counts')); // the query's progress event
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    const l = '{use_case="demo",query="counts"}';
    expect(text).toContain(`streamlab_input_rows_per_second${l} 123`);
    expect(text).toContain(`streamlab_processed_rows_per_second${l} 456`);
    expect(text).toContain(`streamlab_watermark_lag_seconds${l} 4`);
    expect(text).toContain(`streamlab_late_rows_total${l} 3`);
    expect(text).toContain(`streamlab_state_rows${l} 42`);
    expect(text).toContain('streamlab_batch_duration_seconds_bucket{le="0.1",use_case="demo",query="counts"} 1');
  });

  it('GET /metrics lists every query, shown on a dashboard or not, late rows from 0', async () => {
    const { url, hub, server } = await start();
    // a rule query writing to a feed (no channel) and a dashboard query
    hub.recordProgress('demo', makeProgress({ batchId: 0, outputMode: 'append', numInputRows: 7, lateRows: 2 }, 'fraud-velocity'));
    hub.recordProgress('demo', makeProgress({ batchId: 1, outputMode: 'append', numInputRows: 5, lateRows: 1 }, 'fraud-velocity'));
    hub.recordProgress('demo', makeProgress({ batchId: 0, outputMode: 'append', numInputRows: 3 }, 'alerts-to-kafka'));
    // a query that has not run a batch yet (no input so far) is listed too
    server.setQueries('demo', [{ name: 'dead-letters', id: 'd', isActive: true, stop() {} }]);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('streamlab_batches_total{use_case="demo",query="dead-letters"} 0');
    expect(text).toContain('streamlab_late_rows_total{use_case="demo",query="fraud-velocity"} 3');
    expect(text).toContain('streamlab_input_rows_total{use_case="demo",query="fraud-velocity"} 12');
    expect(text).toContain('streamlab_batches_total{use_case="demo",query="fraud-velocity"} 2');
    expect(text).toContain('streamlab_late_rows_total{use_case="demo",query="alerts-to-kafka"} 0');
  });

  it("names Node's process metrics streamlab_process_* and streamlab_nodejs_*, prefixed once", async () => {
    const { url } = await start({}, logger, true);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^streamlab_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^streamlab_nodejs_heap_size_used_bytes \d/m);
    expect(text).not.toMatch(/streamlab_process_process_|process_nodejs_/);
    const names = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
    expect([...names].filter((n) => !n.startsWith('streamlab_'))).toEqual([]);
  });
});

describe('access token', () => {
  it('is required by the APIs and metrics when set, not by the pages or /healthz', async () => {
    const { url } = await start({ STREAMLAB_TOKEN: TOKEN });
    expect((await fetch(`${url}/api/use-cases`)).status).toBe(401);
    expect((await fetch(`${url}/api/use-cases`, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const ok = await fetch(`${url}/api/use-cases`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([{ name: 'demo', title: 'Demo <b>bold</b>', description: 'd', tile: null, path: '/demo/' }]);
    expect((await fetch(`${url}/metrics?token=${TOKEN}`)).status).toBe(200);
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('accepts the Bearer scheme in any case (RFC 7235)', async () => {
    const { url } = await start({ STREAMLAB_TOKEN: TOKEN });
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect((await fetch(`${url}/api/use-cases`, { headers: { Authorization: `${scheme} ${TOKEN}` } })).status, scheme).toBe(200);
      expect((await fetch(`${url}/metrics`, { headers: { Authorization: `${scheme} ${TOKEN}` } })).status, scheme).toBe(200);
    }
  });

  it('/healthz shows only status (no exception text) without the token, the details with it', async () => {
    const { url, server } = await start({ STREAMLAB_TOKEN: TOKEN });
    server.setQueries('demo', [
      { name: 'counts', id: 'a', isActive: false, exception: new Error('connect ECONNREFUSED 10.1.2.3:9092 (secret detail)'), stop() {} },
      { name: 'alerts', id: 'b', isActive: true, stop() {} },
    ]);
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-wrong-token' }] as Record<string, string>[]) {
      const res = await fetch(`${url}/healthz`, { headers });
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).not.toContain('secret detail');
      expect(text).not.toContain('ECONNREFUSED');
      expect(JSON.parse(text)).toEqual({
        status: 'degraded',
        broker: { mode: 'embedded' },
        useCases: [
          {
            name: 'demo',
            queries: [
              { name: 'counts', status: 'failed' },
              { name: 'alerts', status: 'active' },
            ],
          },
        ],
      });
    }
    for (const auth of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`]) {
      const full = await fetch(`${url}/healthz`, { headers: { Authorization: auth } });
      expect(full.status).toBe(503);
      expect(await full.json()).toMatchObject({
        status: 'degraded',
        useCases: [
          {
            queries: [{ name: 'counts', id: 'a', status: 'failed', error: 'connect ECONNREFUSED 10.1.2.3:9092 (secret detail)' }, { status: 'active' }],
            channels: [],
          },
        ],
      });
    }
    expect(await (await fetch(`${url}/healthz?token=${TOKEN}`)).json()).toMatchObject({ useCases: [{ queries: [{ error: /secret detail/ }, {}] }] });
  });

  it('is required by sockets when set', async () => {
    const { url } = await start({ STREAMLAB_TOKEN: TOKEN });
    const denied = socket(url);
    await expect(next(denied, 'connect')).rejects.toThrow(); // refused at the handshake (socket-transport.spec.ts checks why)
    const wrong = socket(url, { query: { token: 'wrong-token-wrong-token' }, auth: { token: 'wrong-token-wrong-token' } });
    await expect(next(wrong, 'connect')).rejects.toThrow();
    const allowed = socket(url, { query: { token: TOKEN }, auth: { token: TOKEN } }); // what the browser kit sends
    await next(allowed, 'connect');
    expect(allowed.connected).toBe(true);
  });
});

describe('Host allow-list (DNS rebinding)', () => {
  it('refuses every route for a Host name that is not known, with a JSON message naming it and STREAMLAB_ALLOWED_HOSTS', async () => {
    const { url } = await start();
    const port = new URL(url).port;
    for (const path of ['/api/demo/progress', '/api/use-cases', '/metrics', '/healthz', '/', '/demo/', '/assets/landing.js']) {
      const res = await rawGet(url, path, { Host: `rebind.attacker.example:${port}`, Origin: `http://rebind.attacker.example:${port}` });
      expect(res.status, path).toBe(403);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      const body = JSON.parse(res.body) as { error: string; value: string; hint: string };
      expect(body).toMatchObject({ error: 'host not allowed', value: 'rebind.attacker.example' });
      expect(body.hint).toContain('STREAMLAB_ALLOWED_HOSTS=rebind.attacker.example');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
    for (const host of ['localhost.attacker.example', `127.0.0.1.nip.io:${port}`, `[::2]:${port}`]) {
      expect((await rawGet(url, '/api/demo/progress', { Host: host })).status, host).toBe(403);
    }
  });

  it('answers the loopback names (port ignored, IPv6 in brackets) and the names in STREAMLAB_ALLOWED_HOSTS', async () => {
    const { url } = await start({ STREAMLAB_ALLOWED_HOSTS: 'dash.example.com,[fd00::7]' });
    const port = new URL(url).port;
    for (const host of [
      `localhost:${port}`,
      'localhost',
      `LOCALHOST:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      '[::1]',
      'dash.example.com:8443',
      'Dash.Example.com',
      '[fd00::7]:80',
    ]) {
      expect((await rawGet(url, '/api/demo/progress', { Host: host })).status, host).toBe(200);
    }
    expect((await rawGet(url, '/api/demo/progress', { Host: 'other.example.com' })).status).toBe(403);
    expect((await fetch(`${url}/api/demo/progress`)).status).toBe(200); // url is http://localhost:<port>
  });
});

describe('CORS and origins', () => {
  it('is same-origin by default and answers only allow-listed origins', async () => {
    const { url } = await start({ STREAMLAB_CORS_ORIGINS: 'https://ok.example' });
    const ok = await fetch(`${url}/api/use-cases`, { headers: { Origin: 'https://ok.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://ok.example');
    const other = await fetch(`${url}/api/use-cases`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/api/use-cases`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://ok.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
  });

  it('refuses socket connections from foreign origins, accepts its own', async () => {
    const { url } = await start();
    const evil = socket(url, { extraHeaders: { Origin: 'https://evil.example' } });
    await expect(next(evil, 'connect')).rejects.toThrow();
    const own = socket(url, { extraHeaders: { Origin: url } });
    await next(own, 'connect');
    expect(own.connected).toBe(true);
  });
});

describe('sockets', () => {
  it('a late client gets a snapshot of the current table, then live batches', async () => {
    const { url, hub } = await start();
    const sink = socketioSink({ namespace: 'demo', hub, query: 'counts', maxMessagesPerSecond: 1000 });
    await sink.addBatch(
      [
        { k: 'a', n: 1 },
        { k: 'b', n: 1 },
      ],
      makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['k'] }),
    );
    await sink.addBatch([{ k: 'a', n: 2 }], makeBatchInfo({ batchId: 1, outputMode: 'update', keyFields: ['k'] }));
    const s = socket(url);
    const snap = await next<SnapshotMessage>(s, 'snapshot');
    expect(snap).toMatchObject({
      query: 'counts',
      outputMode: 'update',
      keyFields: ['k'],
      rows: [
        { k: 'b', n: 1 },
        { k: 'a', n: 2 },
      ],
    });
    const batch = next<BatchMessage>(s, 'batch');
    await sink.addBatch([{ k: 'c', n: 1 }], makeBatchInfo({ batchId: 2, outputMode: 'update', keyFields: ['k'] }));
    await sink.close?.();
    expect((await batch).rows).toEqual([{ k: 'c', n: 1 }]);
  });

  it('leaves a client that cannot keep up out of broadcasts, then catches it up with a snapshot', async () => {
    const clock = new ManualScheduler(0);
    const hub = new LiveHub(clock);
    const server = createLiveServer({
      config: loadLiveConfig({ PORT: '0', STREAMLAB_MAX_QUEUED_MESSAGES: '2' }),
      logger,
      web: webFixture(),
      hub,
      defaultMetrics: false,
    });
    server.mount({ summary: { name: 'demo', title: 'Demo', description: 'd', tile: null }, entry: 'uc-demo' });
    servers.push(server);
    const url = await server.listen();
    const s = socket(url);
    await next(s, 'connect');
    const received: BatchMessage[] = [];
    s.on('batch', (m: BatchMessage) => received.push(m));
    const [serverSocket] = [...server.transport.io.of('/demo').sockets.values()];
    const conn = serverSocket?.conn as unknown as { transport: { writable: boolean }; writeBuffer: unknown[]; flush(): void };
    conn.transport.writable = false; // the client stops taking data: packets queue in engine.io
    const sink = socketioSink({ namespace: 'demo', hub, query: 'counts', maxMessagesPerSecond: 1000 });
    for (let i = 0; i < 6; i++) {
      await sink.addBatch([{ k: 'a', n: i }], makeBatchInfo({ batchId: i, outputMode: 'update', keyFields: ['k'] }));
      clock.advance(1);
    }
    expect(conn.writeBuffer.length).toBe(3); // 2 queued, then one more before the guard saw it; the rest skipped
    expect(serverSocket?.rooms.has('__lagging')).toBe(true);
    const metrics = await server.metrics.registry.getSingleMetricAsString('streamlab_live_slow_client_skips_total');
    expect(metrics).toContain('streamlab_live_slow_client_skips_total{use_case="demo"} 1');
    const snapshot = next<SnapshotMessage>(s, 'snapshot');
    conn.transport.writable = true; // it reads again: the queue drains, then it gets the current table
    conn.flush();
    expect((await snapshot).rows).toEqual([{ k: 'a', n: 5 }]);
    expect(received.map((m) => m.lastBatchId)).toEqual([0, 1, 2]);
    expect(serverSocket?.rooms.has('__lagging')).toBe(false);
  });

  it('a row JSON cannot encode is logged and counted; the query and the server go on', async () => {
    const { url, hub, server } = await start();
    const s = socket(url);
    await next(s, 'connect');
    const sink = socketioSink({ namespace: 'demo', hub, query: 'bad', maxMessagesPerSecond: 1000 });
    await sink.addBatch([{ n: 1n }], makeBatchInfo({ batchId: 0, outputMode: 'append' })); // BigInt: not JSON
    const late = socket(url); // its snapshot cannot be encoded either
    await next(late, 'connect');
    const text = await server.metrics.registry.getSingleMetricAsString('streamlab_live_messages_total');
    expect(text).toContain('streamlab_live_messages_total{use_case="demo",kind="failed"} 2');
    const ok = next<BatchMessage>(s, 'batch');
    const good = socketioSink({ namespace: 'demo', hub, query: 'good', maxMessagesPerSecond: 1000 });
    await good.addBatch([{ n: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    expect((await ok).rows).toEqual([{ n: 1 }]);
  });
});
