/**
 * The dashboard in real headless Chromium, served as `nx serve fleet-rerouting` and the hub serve it
 * (`serveUseCases` on an embedded broker): the simulator's pings arrive, streets take their
 * congestion colours, vehicles move, an incident is detected, a vehicle is rerouted (its old and new
 * route drawn), bad pings are dead-lettered and counted, markup in a record stays text, and the page
 * logs no errors. Screenshots go to `test-artifacts/fleet-rerouting/`.
 */
import { launchBrowser } from '@streamlab/live/testing';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { createEmbeddedKafka, EmbeddedBroker, type KafkaClient } from '@streamlab/kafka';
import { LiveHub, serveUseCases, type ServedUseCases } from '@streamlab/live';
import { cityNetwork } from '../domain/city.js';
import { startFleetLive } from '../live/start.js';
import { PINGS_TOPIC } from '../sim/model.js';
import { fleetReroutingUseCase } from '../use-case.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/fleet-rerouting/', import.meta.url));
let browser: Browser;
let kafka: KafkaClient;
let served: ServedUseCases;
let url: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  const useCase = { ...fleetReroutingUseCase, start: (ctx: Parameters<typeof fleetReroutingUseCase.start>[0]) => startFleetLive(ctx, { malformed: 0.01 }) };
  served = await serveUseCases({
    useCases: [useCase],
    broker: { mode: 'embedded', kafka },
    logger: pino({ level: 'silent' }),
    env: { PORT: '0' },
    hub: new LiveHub(),
  });
  url = `${served.url}/${fleetReroutingUseCase.name}/`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await kafka?.close();
});

describe('fleet dashboard', () => {
  it('shows the city live: congestion, vehicles, an incident, a reroute with its routes, dead letters as text', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1300 } });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(url);
      const opened = Date.now();
      const net = cityNetwork(1);
      await expect.poll(() => page.locator('svg.fleet-map line.street').count(), { timeout: 10_000 }).toBe(net.segments.length);
      await expect.poll(() => page.locator('svg.fleet-map g.vehicle').count(), { timeout: 15_000, interval: 200 }).toBeGreaterThan(100);
      // a street coloured by its congestion (grey until its first window)
      await expect
        .poll(() => page.locator('svg.fleet-map line.street:not([stroke="#9aa3ad"])').count(), { timeout: 15_000, interval: 200 })
        .toBeGreaterThan(20);
      // the hub's promise: live data and a detected incident within 15 s of opening the page
      const incident = page.locator('#incidents li.alert').first();
      await incident.waitFor({ timeout: Math.max(1, 15_000 - (Date.now() - opened)) });
      expect(await incident.textContent()).toMatch(/(blocked|slowdown) on .+: \d+% of free flow/);
      await page.locator('svg.fleet-map g.incident').first().waitFor({ timeout: 5_000 });
      const reroute = page.locator('#reroutes li.reroute').first();
      await reroute.waitFor({ timeout: 45_000 });
      expect(await reroute.locator('.reroute-saved').textContent()).toMatch(/^saves \d/);
      await reroute.click();
      await page.locator('svg.fleet-map polyline.route-new').waitFor({ timeout: 5_000 });
      await page.locator('svg.fleet-map polyline.route-old').waitFor({ timeout: 5_000 });
      expect(await page.locator('.selected-route').textContent()).toMatch(/ETA \d\d:\d\d:\d\d → \d\d:\d\d:\d\d/);

      // markup in a bad record is shown as text, never run. The table shows the 10 newest dead
      // letters and the fleet's teleports keep coming, so the record may be pushed out between two
      // polls: the page itself notes every rendering of the table that shows it (and any <img>).
      await page.evaluate(() => {
        const w = window as unknown as { __hostileShown?: boolean; __dlImages?: number };
        const table = document.querySelector('#dead-letters')!;
        w.__dlImages = 0;
        new MutationObserver(() => {
          if ((table.textContent ?? '').includes('<img src=x onerror=')) w.__hostileShown = true;
          w.__dlImages = Math.max(w.__dlImages ?? 0, table.querySelectorAll('img').length);
        }).observe(table, { subtree: true, childList: true, characterData: true });
      });
      await kafka.producer().send([{ topic: PINGS_TOPIC, key: 'van-xss', value: '<img src=x onerror="window.__xss=1">' }]);
      const deadLettered = page.locator('[data-kpi="Bad pings, dead-lettered"]');
      await expect.poll(async () => Number((await deadLettered.textContent()) ?? 'NaN'), { timeout: 15_000, interval: 200 }).toBeGreaterThan(0);
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __hostileShown?: boolean }).__hostileShown === true), { timeout: 15_000, interval: 200 })
        .toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __dlImages?: number }).__dlImages)).toBe(0);
      expect(await page.locator('#dead-letters img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      await expect
        .poll(() => page.locator('#dead-letters').textContent(), { timeout: 15_000, interval: 200 })
        .toMatch(/impossible speed|off the map|teleport|malformed JSON/);
      // a teleport (found by its own query, not by the decoder) shows where it was read, as the others do
      const teleport = page.locator('#dead-letters tr', { hasText: 'teleport:' }).first();
      await teleport.waitFor({ timeout: 30_000 });
      expect(await teleport.locator('td').nth(1).textContent()).toMatch(/^[01]-\d+$/);
      const places = await page.locator('#dead-letters tbody tr td:nth-child(2)').allTextContents();
      expect(places.length).toBeGreaterThan(0);
      for (const place of places) expect(place).toMatch(/^[01]-\d+$/);

      await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
