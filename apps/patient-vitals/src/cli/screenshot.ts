/**
 * `npm run screenshot -w apps/patient-vitals`: the README's dashboard screenshot, made the way the
 * browser test sees the page: the use case served on an embedded broker, headless Chromium
 * (`/usr/bin/chromium`, or `CHROMIUM`), the first NEWS2 alert's patient selected and acknowledged,
 * then `docs/dashboard.png`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { LiveHub, serveUseCases, type UseCaseContext } from '@streamlab/live';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { startVitalsLive } from '../live/start.js';
import { patientVitalsUseCase } from '../use-case.js';

const out = fileURLToPath(new URL('../../docs/', import.meta.url));
mkdirSync(out, { recursive: true });
const logger = pino({ level: 'warn' });
const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
const served = await serveUseCases({
  useCases: [{ ...patientVitalsUseCase, start: (ctx: UseCaseContext) => startVitalsLive(ctx, { beds: 48, seed: 7 }) }],
  broker: { mode: 'embedded', kafka },
  logger,
  env: { PORT: '0' },
  hub: new LiveHub(),
});
const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1150 } });
  await page.goto(`${served.url}/${patientVitalsUseCase.name}/`);
  const alert = page.locator('#alerts li.alert[data-kind="news2"]').first();
  await alert.waitFor({ timeout: 60_000 });
  await alert.locator('.alert-entity').click();
  await alert.locator('button.ack').click();
  await page.locator('#alerts li.alert[data-acked="true"]').first().waitFor({ timeout: 60_000 });
  // about an hour of simulated history, so the sparklines and the grid have something to show (a script, not a test: it may wait)
  await page.waitForTimeout(90_000);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${out}dashboard.png`, fullPage: false });
  logger.warn(`wrote ${out}dashboard.png`);
} finally {
  await browser.close();
  await served.close();
  await kafka.close();
}
