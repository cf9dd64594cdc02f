/**
 * The ward screen in real headless Chromium, served as the hub serves it (`serveUseCases` on an
 * embedded broker, with a STREAMLAB_TOKEN): the simulator writes to `vitals.readings` and
 * `vitals.observations`, the queries read them with the Kafka source. The test checks: without the
 * token the page gets no data; with it, the bed grid fills with scores, a deteriorating patient's
 * alert arrives, the patient view shows uPlot sparklines and the NEWS2 breakdown, the acknowledge
 * button goes over socket.io to `vitals.acks` and comes back joined with a time to acknowledge,
 * and a name made of markup is shown as text. Screenshot: `test-artifacts/patient-vitals/`.
 */
import { launchBrowser } from '@streamlab/live/testing';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { createEmbeddedKafka, EmbeddedBroker, type KafkaClient } from '@streamlab/kafka';
import { LiveHub, serveUseCases, type ServedUseCases, type UseCaseContext } from '@streamlab/live';
import { startVitalsLive } from '../live/start.js';
import { patientVitalsUseCase } from '../use-case.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/patient-vitals/', import.meta.url));
const TOKEN = 'e2e-token-0123456789abcdef';
/** A patient name that is markup: it must show as these characters and run nothing. */
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
let browser: Browser;
let kafka: KafkaClient;
let served: ServedUseCases;
let url: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  const useCase = {
    ...patientVitalsUseCase,
    start: (ctx: UseCaseContext) => startVitalsLive(ctx, { beds: 24, seed: 3, renameFirstPatient: HOSTILE }),
  };
  served = await serveUseCases({
    useCases: [useCase],
    broker: { mode: 'embedded', kafka },
    logger: pino({ level: 'silent' }),
    env: { PORT: '0', STREAMLAB_TOKEN: TOKEN },
    hub: new LiveHub(),
  });
  url = `${served.url}/${patientVitalsUseCase.name}/`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await kafka?.close();
});

describe('patient-vitals dashboard', () => {
  it('without the token, the page gets no data and says so', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    try {
      // the page itself is served; its socket and API calls are refused
      await page.goto(url);
      await page.locator('.conn[data-state="unauthorized"]').waitFor({ timeout: 15_000 });
      expect(await page.locator('.bed').count()).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('shows the ward, an alert, the patient view, and acknowledges over socket.io', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${url}?token=${TOKEN}`);
      // the bed grid: one tile per admitted patient, scored within seconds
      await expect.poll(() => page.locator('.bed').count(), { timeout: 20_000, interval: 200 }).toBe(24);
      await expect.poll(() => page.locator('.bed:not([data-risk="unknown"])').count(), { timeout: 20_000, interval: 200 }).toBeGreaterThan(10);
      // the first KPI (monitored beds) is live data at once, as the hub's first-minutes test expects of every dashboard
      const firstKpi = page.locator('.kpi-value').first();
      await expect.poll(async () => Number(((await firstKpi.textContent()) ?? '').replace(/,/g, '')), { timeout: 20_000, interval: 200 }).toBe(24);
      // the patient deteriorating at the start raises a NEWS2 alert
      const alert = page.locator('#alerts li.alert[data-kind="news2"]').first();
      await alert.waitFor({ timeout: 20_000 });
      expect(await alert.locator('.alert-reason').textContent()).toMatch(/^NEWS2 \d+ \((low-medium|medium|high):/);
      expect(await alert.locator('.sev').textContent()).toMatch(/^(critical|high|medium)$/);
      // names are resolved in the browser and shown as text: the markup name did not run
      await expect.poll(() => page.locator('.bed-name', { hasText: HOSTILE }).count(), { timeout: 10_000 }).toBe(1);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      // the patient view: sparklines (uPlot canvases) and the NEWS2 breakdown
      await alert.locator('.alert-entity').click();
      await page.locator('#patient .pt-name').waitFor({ timeout: 10_000 });
      await expect.poll(() => page.locator('#patient figure.spark canvas').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
      await expect.poll(() => page.locator('#patient .pt-breakdown tbody tr').count(), { timeout: 10_000 }).toBe(7);
      // the monitor's respiratory rate (every 5 s) is scored: current, with its points
      await page.locator('#patient .pt-breakdown tr[data-param="rr"][data-status="ok"]').waitFor({ timeout: 15_000 });
      // acknowledge: socket.io → vitals.acks → joined with the alert → time to acknowledge
      const alertId = await alert.getAttribute('data-alert');
      const tta = page.locator('.kpi-value[data-kpi="Median time to acknowledge (min)"]');
      await expect.poll(() => tta.textContent(), { timeout: 10_000 }).toBe('no alert acknowledged yet');
      await alert.locator('button.ack').click();
      const acked = page.locator(`#alerts li.alert[data-alert="${alertId}"][data-acked="true"]`);
      await acked.waitFor({ timeout: 20_000 });
      expect(await acked.locator('.alert-state').textContent()).toMatch(/^acknowledged in /);
      // the KPI turns from its empty text into minutes, its unit shown again
      await expect.poll(async () => Number(await tta.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
      expect(await tta.evaluate((e) => e.classList.contains('kpi-empty'))).toBe(false);
      await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it.each([390, 1280])('at %d px: no horizontal overflow, alert reasons on a wide line', async (width) => {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${url}?token=${TOKEN}`);
      // generous: other browser and privacy specs may share the machine's two cores
      await page.locator('#alerts ol.alerts li.alert').first().waitFor({ timeout: 30_000 });
      await page.locator('#patient figure.spark canvas').first().waitFor({ timeout: 15_000 });
      // wait for a dead letter too: its table (long record text) is the widest thing on the page
      await page.locator('table tbody tr td').first().waitFor({ timeout: 15_000 });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), wide.join(' ')).toBeLessThanOrEqual(0);
      // polled: the list is redrawn (replaceChildren) when it changes, and a box read while its item is replaced is null
      await expect
        .poll(async () => (await page.locator('#alerts li.alert .alert-reason').first().boundingBox())?.width ?? 0, { timeout: 10_000 })
        .toBeGreaterThan(Math.min(200, width - 120));
    } finally {
      await ctx.close();
    }
  });
});
