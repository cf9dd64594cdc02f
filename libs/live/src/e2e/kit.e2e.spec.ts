/**
 * The dashboard kit in real headless Chromium, fed by scripted batches through the socket.io
 * sink: output-mode semantics, escaping, and reconnection after a server restart.
 */
import { createServer } from 'node:net';
import { pino } from 'pino';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBatchInfo } from '../batch-info.js';
import { loadLiveConfig } from '../config.js';
import { LiveHub } from '../live-hub.js';
import { createLiveServer, type LiveServer } from '../server/live-server.js';
import { buildWebAssets, type WebAssets } from '../server/web-build.js';
import { socketioSink } from '../socketio-sink.js';
import { launchBrowser, openPage, screenshot, type TestPage } from './browser.js';

const logger = pino({ level: 'silent' });
const FIXTURE = new URL('./fixture-dashboard.ts', import.meta.url).pathname;
const W = (i: number) => ({ start: 1_700_000_000_000 + i * 10_000, end: 1_700_000_000_000 + (i + 1) * 10_000 });

let browser: Browser;
let web: WebAssets;
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function startServer(hub: LiveHub, env: Record<string, string> = {}): Promise<LiveServer> {
  const server = createLiveServer({ config: loadLiveConfig({ PORT: String(port), ...env }), logger, web, hub, defaultMetrics: false });
  server.mount({ summary: { name: 'kit', title: 'Kit', description: 'fixture', tile: null }, entry: 'uc-kit' });
  await server.listen();
  return server;
}

function sinks(hub: LiveHub) {
  const make = (query: string) => socketioSink({ namespace: 'kit', hub, query, maxMessagesPerSecond: 1000 });
  return { append: make('m-append'), update: make('m-update'), complete: make('m-complete'), alerts: make('alerts'), positions: make('positions') };
}

const modeRows = (t: TestPage, mode: string) => t.page.locator(`[data-mode="${mode}"] tbody tr`);
/** The second column (the count) of a mode's table, row by row. */
const cells = async (t: TestPage, mode: string) => (await modeRows(t, mode).locator('td:nth-child(2)').allTextContents()).map((x) => x.trim());
const waitLive = (t: TestPage) => t.page.locator('.conn[data-state="live"]').waitFor();

interface Kit {
  s: ReturnType<typeof sinks>;
  t: TestPage;
  server: LiveServer;
  hub: LiveHub;
}

/**
 * A fresh hub and server with the kit's sinks and a page on the kit dashboard; `before` runs
 * before the page opens. Closes the page and `kit.server` (which a test may replace) at the end.
 */
async function withKit(body: (kit: Kit) => Promise<void>, opts: { before?: (s: Kit['s']) => Promise<void>; page?: BrowserContextOptions } = {}): Promise<void> {
  const hub = new LiveHub();
  const server = await startServer(hub);
  const s = sinks(hub);
  await opts.before?.(s);
  const t = await openPage(browser, `http://localhost:${port}/kit/`, opts.page);
  const kit: Kit = { s, t, server, hub };
  try {
    await body(kit);
  } finally {
    await t.close();
    await kit.server.close();
  }
}

beforeAll(async () => {
  web = await buildWebAssets({ entries: { 'uc-kit': FIXTURE }, logger });
  browser = await launchBrowser();
  port = await freePort();
});

afterAll(async () => {
  await browser?.close();
});

describe('dashboard kit in Chromium', () => {
  it('applies update, append and complete semantics to what the sink sends', async () => {
    await withKit(async ({ s, t }) => {
      await waitLive(t);
      const upd = (id: number, rows: Record<string, unknown>[]) =>
        s.update.addBatch(rows, makeBatchInfo({ batchId: id, outputMode: 'update', keyFields: ['window'], watermarkMs: W(0).end }));
      const app = (id: number, rows: Record<string, unknown>[]) => s.append.addBatch(rows, makeBatchInfo({ batchId: id, outputMode: 'append' }));
      const cmp = (id: number, rows: Record<string, unknown>[]) =>
        s.complete.addBatch(rows, makeBatchInfo({ batchId: id, outputMode: 'complete', keyFields: ['window'] }));

      await upd(0, [{ window: W(0), n: 1 }]);
      await app(0, [{ window: W(0), n: 1 }]);
      await cmp(0, [
        { window: W(0), n: 1 },
        { window: W(1), n: 4 },
      ]);
      await expect.poll(() => modeRows(t, 'complete').count()).toBe(2);

      await upd(1, [
        { window: W(0), n: 2 },
        { window: W(1), n: 1 },
      ]); // W(0) changes: one row per key
      await app(1, [{ window: W(1), n: 7 }]); // appended after the first
      await cmp(1, [{ window: W(1), n: 5 }]); // replaces the whole table
      await expect.poll(() => modeRows(t, 'update').count()).toBe(2);
      await expect.poll(() => modeRows(t, 'append').count()).toBe(2);
      await expect.poll(() => modeRows(t, 'complete').count()).toBe(1);

      expect(await cells(t, 'update')).toEqual(['1', '2']); // newest window first; W(0) updated to 2
      expect(await cells(t, 'append')).toEqual(['7', '1']);
      expect(await cells(t, 'complete')).toEqual(['5']);
      // The rows the last batch emitted are marked.
      expect(await t.page.locator('[data-mode="update"] tr.emitted').count()).toBe(2);
      expect(await t.page.locator('[data-mode="update"] .mode-status').textContent()).toContain('Batch 1: 2 rows emitted');
      // The windows table shows W(0) as finalized (its end is at the watermark) and W(1) open.
      await expect.poll(() => t.page.locator('#windows tr.win-final').count()).toBe(1);
      expect(await t.page.locator('#windows tr.win-open').count()).toBe(1);
      await screenshot(t.page, 'kit-output-modes');
      expect(t.problems).toEqual([]);
    });
  });

  it('shows a late client the current tables from the snapshot', async () => {
    const before = async (s: Kit['s']) => {
      await s.update.addBatch(
        [
          { window: W(0), n: 3 },
          { window: W(1), n: 1 },
        ],
        makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['window'] }),
      );
      await s.update.addBatch([{ window: W(1), n: 9 }], makeBatchInfo({ batchId: 1, outputMode: 'update', keyFields: ['window'] }));
    };
    await withKit(
      async ({ t }) => {
        await expect.poll(() => cells(t, 'update')).toEqual(['9', '3']);
      },
      { before },
    );
  });

  it('renders data as text: <img src=x onerror=...> shows as characters and runs nothing', async () => {
    await withKit(async ({ s, t }) => {
      await waitLive(t);
      const evil = '<img src=x onerror="window.__pwned=1;document.title=\'pwned\'">';
      await s.alerts.addBatch(
        [{ ts: Date.now(), entity: `<b>${evil}</b>`, reason: evil, severity: '"><script>window.__pwned=2</script>' }],
        makeBatchInfo({ batchId: 0, outputMode: 'append' }),
      );
      await s.positions.addBatch([{ id: evil, lon: 0.5, lat: 0.5 }], makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['id'] }));
      const reason = t.page.locator('#alerts .alert-reason').first();
      await expect.poll(() => reason.textContent()).toBe(evil);
      expect(await t.page.locator('#alerts .alert-entity').first().textContent()).toBe(`<b>${evil}</b>`);
      expect(await t.page.locator('#alerts .sev').first().textContent()).toBe('info'); // unknown severity shown as info
      await expect.poll(() => t.page.locator('#map circle.marker').count()).toBe(1);
      expect(await t.page.locator('#map circle.marker title').textContent()).toBe(evil);
      expect(await t.page.locator('img').count()).toBe(0);
      expect(await t.page.locator('#alerts b, #alerts script').count()).toBe(0);
      expect(await t.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await t.page.title()).not.toBe('pwned');
      await screenshot(t.page, 'kit-escaping');
      expect(t.problems).toEqual([]);
    });
  });

  it('shows reconnecting while the server is down and goes live again after a restart', async () => {
    await withKit(async (kit) => {
      const { s, t } = kit;
      const badge = t.page.locator('.topbar .conn');
      await waitLive(t);
      await kit.server.close();
      await expect.poll(() => badge.getAttribute('data-state')).toBe('reconnecting');
      expect(await badge.textContent()).toContain('Reconnecting');
      kit.server = await startServer(kit.hub);
      await expect.poll(() => badge.getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
      await s.append.addBatch([{ window: W(3), n: 42 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
      await expect.poll(() => cells(t, 'append')).toEqual(['42']);
    });
  });

  it('with a token, a page opened with ?token= goes live (the socket handshake carries it); a wrong token shows "Token required"', async () => {
    const token = 'tok-0123456789abcdef';
    const server = await startServer(new LiveHub(), { STREAMLAB_TOKEN: token });
    try {
      const ok = await openPage(browser, `http://localhost:${port}/kit/?token=${token}`);
      try {
        await waitLive(ok);
        expect(new URL(ok.page.url()).search).toBe(''); // taken off the address bar
      } finally {
        await ok.close();
      }
      const bad = await openPage(browser, `http://localhost:${port}/kit/?token=wrong-token-wrong-token`);
      try {
        const badge = bad.page.locator('.topbar .conn');
        await expect.poll(() => badge.getAttribute('data-state'), { timeout: 10_000 }).toBe('unauthorized');
        expect(await badge.textContent()).toContain('Token required');
      } finally {
        await bad.close();
      }
    } finally {
      await server.close();
    }
  });

  it('is keyboard accessible: skip link first, theme switch by keyboard, focusable regions', async () => {
    await withKit(
      async ({ t }) => {
        await waitLive(t);
        await t.page.keyboard.press('Tab');
        expect(await t.page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
        const theme = () => t.page.evaluate(() => document.documentElement.dataset.theme);
        expect(await theme()).toBe('light');
        await t.page.locator('.theme-toggle').focus();
        await t.page.keyboard.press('Enter');
        expect(await theme()).toBe('dark');
        expect(await t.page.locator('.theme-toggle').getAttribute('aria-pressed')).toBe('true');
        await t.page.reload(); // the choice is remembered
        expect(await theme()).toBe('dark');
        const regions = await t.page.locator('.table-wrap[tabindex="0"][aria-label]').count();
        expect(regions).toBeGreaterThanOrEqual(4); // tables scroll by keyboard
        await screenshot(t.page, 'kit-dark');
        expect(t.problems).toEqual([]);
      },
      { page: { colorScheme: 'light' } },
    );
  });
});
