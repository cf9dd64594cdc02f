/**
 * The dashboard in real headless Chromium, served as the hub serves it (`serveUseCases` on an
 * embedded broker) with the live demo's defaults: live records within seconds, the cooling
 * failure already under way raises an alert within 15 s, its tile turns, its sensor charts show
 * their thresholds, OEE per line has its three factors, a work order opens for the bearing that
 * starts wearing a minute in, no data ever becomes markup, and the page is no wider than the
 * window at 1500 or 390 px. Screenshots go to
 * `test-artifacts/equipment-failure/`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEmbeddedKafka, EmbeddedBroker, type KafkaClient } from '@streamlab/kafka';
import { LiveHub, type ServedUseCases, serveUseCases } from '@streamlab/live';
import { launchBrowser, openPage } from '@streamlab/live/testing';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equipmentFailureUseCase } from '../use-case.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/equipment-failure/', import.meta.url));
let browser: Browser;
let kafka: KafkaClient;
let served: ServedUseCases;
let startedAt: number;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  startedAt = Date.now();
  served = await serveUseCases({
    useCases: [equipmentFailureUseCase],
    broker: { mode: 'embedded', kafka },
    logger: pino({ level: 'silent' }),
    env: { PORT: '0' },
    hub: new LiveHub(),
  });
}, 120_000);

afterAll(async () => {
  await served?.close();
  await kafka?.close();
  await browser?.close();
});

describe('equipment dashboard (demo defaults)', () => {
  it('shows live data, an incident within 15 s, the plant floor, machine charts with thresholds, OEE, and a work order', async () => {
    const t = await openPage(browser, `${served.url}/equipment-failure/`, { viewport: { width: 1500, height: 1400 } });
    const { page } = t;
    try {
      const left = () => Math.max(1, 15_000 - (Date.now() - startedAt));
      const first = page.locator('.kpi-value').first();
      await expect.poll(async () => Number(((await first.textContent()) ?? '').replace(/,/g, '')), { timeout: left(), interval: 100 }).toBeGreaterThan(0);
      const alert = page.locator('#alerts li.alert').first();
      await alert.waitFor({ timeout: left() });
      expect(((await alert.locator('.alert-reason').textContent()) ?? '').length).toBeGreaterThan(10);

      // the plant floor: 4 lines of 5 machines, the alerted machine no longer green
      expect(await page.locator('#floor .line').count()).toBe(4);
      expect(await page.locator('#floor button.machine').count()).toBe(20);
      await page.locator('#floor button.machine:not([data-health="ok"])').first().waitFor({ timeout: 10_000 });
      const machine = await page.locator('#floor button.machine:not([data-health="ok"])').first().getAttribute('data-machine');
      await page.locator(`#floor button[data-machine="${machine}"]`).click();
      // its sensors, each with its rated limit and nominal as threshold lines
      const chart = page.locator('#detail svg.sensor-chart').first();
      await chart.waitFor({ timeout: 10_000 });
      expect(await chart.locator('line.threshold.limit').count()).toBe(1);
      expect(await chart.locator('line.threshold.nominal').count()).toBe(1);
      expect(await chart.getAttribute('aria-label')).toContain(machine!);

      // OEE per line with its three factors, as percentages
      const oee = page.locator('#oee tbody tr').first();
      await oee.waitFor({ timeout: 15_000 });
      const cells = await oee.locator('td').allTextContents();
      expect(cells.slice(2, 6).every((c) => /^\d+\.\d %$/.test(c))).toBe(true);

      // the bearing that starts wearing a simulated minute in gets a work order, written through Kafka
      const order = page.locator('#work-orders tbody tr[data-status="open"]').first();
      await order.waitFor({ timeout: 90_000 });
      expect(await order.locator('td').nth(2).textContent()).toMatch(/bearing-wear|cooling-failure|seal-leak|electrical-fault/);

      // data is text, never markup: nothing the page did not build itself
      expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, script:not([src])').length)).toBe(0);
      // every table scrolls inside its panel: the page never gets wider than the window, here or on a phone
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(overflow, { timeout: 5_000 }).toBeLessThanOrEqual(0);
      expect(t.problems).toEqual([]);
    } finally {
      await t.close();
    }
  }, 180_000);
});
