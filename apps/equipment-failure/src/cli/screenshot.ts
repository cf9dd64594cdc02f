/**
 * `npm run screenshot -w apps/equipment-failure`: the README's dashboard screenshot, made the way
 * the browser test sees the dashboard: the use case served on an embedded broker with its demo
 * defaults, headless Chromium, a full-page PNG once an alert and a work order are on screen.
 * Writes `docs/dashboard.png` (or the path given).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { LiveHub, serveUseCases } from '@streamlab/live';
import { launchBrowser, openPage } from '@streamlab/live/testing';
import { pino } from 'pino';
import { equipmentFailureUseCase } from '../use-case.js';

const out = resolve(process.argv[2] ?? fileURLToPath(new URL('../../docs/dashboard.png', import.meta.url)));
mkdirSync(dirname(out), { recursive: true });
const logger = pino({ level: 'warn' });
const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
const served = await serveUseCases({
  useCases: [equipmentFailureUseCase],
  broker: { mode: 'embedded', kafka },
  logger,
  env: { PORT: '0' },
  hub: new LiveHub(),
});
const browser = await launchBrowser();
try {
  const { page, close } = await openPage(browser, `${served.url}/equipment-failure/`, { viewport: { width: 1500, height: 1400 } });
  await page.locator('#alerts li.alert').first().waitFor({ timeout: 30_000 });
  await page.locator('#work-orders tbody tr[data-status="open"]').first().waitFor({ timeout: 120_000 });
  const degraded = page.locator('#floor button.machine:not([data-health="ok"])').first();
  await degraded.click();
  await page.locator('#detail svg.sensor-chart').first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: out, fullPage: true });
  await close();
  logger.warn({ out }, 'screenshot written');
} finally {
  await browser.close();
  await served.close();
  await kafka.close();
}
