/**
 * The dashboard in real headless Chromium, served the way `nx serve fraud-detection` and the hub
 * serve it (`serveUseCases` on an embedded broker): the simulator writes to `fraud.transactions`,
 * the queries read it with the Kafka source, live transactions arrive, a fraud alert appears in
 * the feed with its reason and evidence rows, and the page logs no errors. Screenshots go to
 * `test-artifacts/fraud-detection/`.
 */
import { launchBrowser } from '@streamlab/live/testing';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { createEmbeddedKafka, EmbeddedBroker, type KafkaClient } from '@streamlab/kafka';
import { LiveHub, serveUseCases, type ServedUseCases } from '@streamlab/live';
import { startFraudLive } from '../live/start.js';
import { fraudUseCase } from '../use-case.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/fraud-detection/', import.meta.url));
let browser: Browser;
let kafka: KafkaClient;
let served: ServedUseCases;
let url: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // 20x real time, a small world and frequent incidents: an alert within seconds
  kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  const useCase = {
    ...fraudUseCase,
    start: (ctx: Parameters<typeof fraudUseCase.start>[0]) =>
      startFraudLive(ctx, { cards: 3_000, simRatePerSec: 5, incidentsPerHour: 120, speed: 20, seed: 3, malformed: 0.02 }),
  };
  served = await serveUseCases({
    useCases: [useCase],
    broker: { mode: 'embedded', kafka },
    logger: pino({ level: 'silent' }),
    env: { PORT: '0' },
    hub: new LiveHub(),
  });
  url = `${served.url}/${fraudUseCase.name}/`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await kafka?.close();
});

describe('fraud dashboard', () => {
  it('shows live transactions and a live alert with its reason and evidence', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1100 } });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(url);
      const txBatch = page.locator('#health tr[data-query="tx-rate"] td').first();
      await expect.poll(async () => Number((await txBatch.textContent()) ?? 'NaN'), { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(0);
      const alert = page.locator('#alerts li.alert').first();
      await alert.waitFor({ timeout: 40_000 });
      const reason = (await alert.locator('.alert-reason').textContent()) ?? '';
      const evidence = (await alert.locator('.alert-detail').textContent()) ?? '';
      expect(reason.length).toBeGreaterThan(10);
      expect(evidence).toMatch(/tx-[0-9a-z]+ \d+\.\d\d [A-Z]{3} (card-present|e-commerce|atm)/);
      await page.locator('svg.map circle.marker').first().waitFor({ timeout: 10_000 });
      // malformed records from the simulator were dead-lettered by the Kafka source, and counted on the wall
      const deadLettered = page.locator('[data-kpi="Malformed, dead-lettered"]');
      await expect.poll(async () => Number((await deadLettered.textContent()) ?? 'NaN'), { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
      await page.screenshot({ path: `${ARTIFACTS}dashboard-alert.png`, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
