/**
 * The hub end to end in headless Chromium: the landing page, and the demo dashboard rendering
 * live data from real queries on @streamlab/core within 3 seconds of start.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveHub, buildWebAssets } from '@streamlab/live';
import { launchBrowser, openPage, type TestPage } from '@streamlab/live/testing';
import { demoUseCase } from './demo/use-case.js';
import { startHub, type RunningHub } from './hub.js';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/hub/', import.meta.url));
const logger = pino({ level: 'silent' });
let browser: Browser;

function open(url: string, opts: BrowserContextOptions = {}): Promise<TestPage> {
  return openPage(browser, url, opts);
}

async function start(): Promise<RunningHub> {
  return startHub({ logger, env: { PORT: '0' }, useCases: [demoUseCase], hub: new LiveHub() });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Bundle once up front (a fresh clone builds on first start), so the timed test measures the hub.
  await buildWebAssets({ entries: { 'uc-demo': demoUseCase.dashboard.entry }, logger });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('hub', () => {
  it('renders live demo data on the dashboard within 3 s of start', async () => {
    const started = Date.now();
    const hub = await start();
    const t = await open(`${hub.url}/demo/`);
    try {
      const rides = t.page.locator('#health tr[data-query="rides"] td').first(); // the batch id
      await expect.poll(async () => Number((await rides.textContent()) ?? 'NaN'), { timeout: 3_000, interval: 50 }).toBeGreaterThanOrEqual(0);
      await t.page.locator('#main svg.map circle.marker').first().waitFor({ timeout: 3_000 });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(3_000);
      // ... and keeps updating.
      const first = Number(await rides.textContent());
      await expect.poll(async () => Number(await rides.textContent()), { timeout: 5_000 }).toBeGreaterThan(first);
      expect(await t.page.locator('.topbar .conn').getAttribute('data-state')).toBe('live');
      expect(t.problems).toEqual([]);
    } finally {
      await t.close();
      await hub.close();
    }
  });

  it('serves a landing page with a live tile per use case and no console errors', async () => {
    const hub = await start();
    try {
      const t = await open(`${hub.url}/`);
      const tile = t.page.locator('a.tile[data-use-case="demo"]');
      await tile.waitFor();
      expect(await tile.getAttribute('href')).toBe('/demo/');
      expect(await tile.locator('h2').textContent()).toBe('Bike fleet demo');
      await expect.poll(() => tile.locator('.tile-value').textContent(), { timeout: 15_000 }).not.toBe('–');
      await expect.poll(() => tile.locator('svg.sparkline path.spark-line').count(), { timeout: 35_000 }).toBe(1);
      await t.page.screenshot({ path: join(ARTIFACTS, 'landing.png'), fullPage: true });
      expect(t.problems).toEqual([]);
      await t.close();

      const health = (await (await fetch(`${hub.url}/healthz`)).json()) as {
        status: string;
        broker: { mode: string };
        useCases: { queries: { status: string }[] }[];
      };
      expect(health.status).toBe('ok');
      expect(health.broker.mode).toBe('embedded');
      expect(health.useCases[0]?.queries).toHaveLength(6);

      // Screenshots of the dashboard, light, dark and narrow, once the windows have data.
      for (const [name, opts] of [
        ['demo-light', {}],
        ['demo-dark', { colorScheme: 'dark' }],
        ['demo-mobile', { viewport: { width: 390, height: 844 } }],
      ] as const) {
        const d = await open(`${hub.url}/demo/`, opts);
        await expect.poll(() => d.page.locator('#modes [data-mode="complete"] tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
        await d.page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
        expect(d.problems).toEqual([]);
        await d.close();
      }
    } finally {
      await hub.close();
    }
  });
});
