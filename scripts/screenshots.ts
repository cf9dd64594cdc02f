/**
 * `npm run screenshots`: the picture in each app's README. Starts the hub on a free port with the
 * embedded broker and every discovered use case at its default pace, opens each dashboard in
 * headless Chromium, waits until it shows live data and an incident (conditions, not sleeps),
 * and writes `apps/<name>/docs/dashboard.png`; then the landing page (the root README's picture),
 * once every use case's tile is live (its number, sparkline and latest alert), to
 * `apps/hub/docs/landing.png`.
 *
 * `--width <px>` (default 1440) and `--height <px>` (default 1400) set the viewport, `--only <name>`
 * shoots one use case's dashboard (the hub still runs them all; the landing page is not shot),
 * `--landing` shoots only the landing page, `--timeout <s>` (default 60) bounds the wait per page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { defaultLiveHub, discoverUseCases } from '@streamlab/live';
import { launchBrowser } from '@streamlab/live/testing';
import { startHub, WORKSPACE_ROOT } from '@streamlab/hub';

const { values: args } = parseArgs({
  options: {
    width: { type: 'string', default: '1440' },
    height: { type: 'string', default: '1400' },
    only: { type: 'string' },
    landing: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '60' },
  },
});
const px = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`screenshots: --${name} must be an integer from ${min} to ${max}, got "${v}"\n`);
    process.exit(2);
  }
  return n;
};
const o = {
  width: px('width', args.width, 320, 3840),
  height: px('height', args.height, 320, 3840),
  only: args.only,
  landingOnly: args.landing,
  timeout: px('timeout', args.timeout, 1, 600),
};
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));

/** The page's DOM as the conditions below read it (these functions run in the page; the scripts compile without the DOM's types). */
interface PageElement {
  textContent: string | null;
  querySelector(selector: string): PageElement | null;
}
interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

/** Live data (the first KPI above 0, every KPI known), a few alerts, a rate on every health row of a query past its first batch: what a reader should see. */
async function ready(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const d = (globalThis as unknown as { document: PageDocument }).document;
      // no named functions in here: tsx would wrap them in a helper the page does not have
      // a health row's rate needs two batches: a query that ran one batch (a census) or none yet
      // (an input nothing has written to) has no rate, and is not waited for
      const rows = [...d.querySelectorAll('#health tbody tr')].map((tr) => ({
        batch: Number(tr.querySelector('td')?.textContent),
        rate: tr.querySelector('td[data-col="input-rate"]')?.textContent,
      }));
      return (
        Number((d.querySelector('.kpi-value')?.textContent ?? '').replace(/,/g, '')) > 0 &&
        [...d.querySelectorAll('ol.alerts li.alert')].length >= 3 &&
        rows.some((r) => r.rate !== '–') &&
        rows.every((r) => !(r.batch >= 1) || r.rate !== '–') &&
        [...d.querySelectorAll('.kpi-value')].every((v) => v.textContent !== '–')
      );
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}

const all = await discoverUseCases(WORKSPACE_ROOT, logger);
const found = o.landingOnly ? [] : all.filter((d) => !o.only || d.useCase.name === o.only);
if (found.length === 0 && !o.landingOnly) {
  logger.error({ only: o.only }, 'no use case to shoot');
  process.exit(1);
}
// the embedded broker, a free port: nothing of the caller's environment decides where it runs;
// every use case runs, so the landing page has all its tiles
const hub = await startHub({ logger, env: { PORT: '0' }, useCases: all.map((d) => d.useCase), hub: defaultLiveHub });
const browser = await launchBrowser();
let failed = false;
try {
  const ctx = await browser.newContext({ viewport: { width: o.width, height: o.height }, colorScheme: 'light' });
  // loading a page and shooting it are bounded by --timeout too (a busy machine is slow at both)
  ctx.setDefaultTimeout(o.timeout * 1000);
  for (const { useCase, dir } of found) {
    const page = await ctx.newPage();
    const t0 = Date.now();
    try {
      await page.goto(`${hub.url}/${useCase.name}/`);
      await ready(page, o.timeout * 1000);
      const out = join(dir, 'docs', 'dashboard.png');
      mkdirSync(join(dir, 'docs'), { recursive: true });
      await page.screenshot({ path: out });
      process.stdout.write(`${useCase.name}: ${out} (ready after ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    } catch (err) {
      failed = true;
      // what the page showed, to say which condition was not met
      const shown = await page
        .evaluate(() => {
          const d = (globalThis as unknown as { document: PageDocument }).document;
          return {
            kpis: [...d.querySelectorAll('.kpi-value')].map((v) => v.textContent),
            alerts: [...d.querySelectorAll('ol.alerts li.alert')].length,
            health: [...d.querySelectorAll('#health tbody tr')].map((tr) => tr.textContent),
          };
        })
        .catch(() => undefined);
      logger.error({ err, useCase: useCase.name, shown }, `${useCase.name}: no live data and incident within ${o.timeout} s: not shot`);
    } finally {
      await page.close();
    }
  }
  await ctx.close();
  if (!o.only) {
    // the landing page is a row of tiles: a shorter viewport, so the picture is not mostly background
    const landingCtx = await browser.newContext({ viewport: { width: o.width, height: 720 }, colorScheme: 'light' });
    landingCtx.setDefaultTimeout(o.timeout * 1000);
    const landing = await landingCtx.newPage();
    const t0 = Date.now();
    try {
      await landing.goto(`${hub.url}/`);
      // every use case's tile live: connected, its number above 0, its latest alert when it shows
      // alerts, and (for the first half of the wait) a sparkline of two points or more: a tile of
      // minute windows (patient-vitals) draws its line only after two complete minutes
      const tilesLive = (withLine: boolean, timeoutMs: number) =>
        landing.waitForFunction(
          (want: { expected: number; withLine: boolean }) => {
            const tiles = [...(globalThis as unknown as { document: PageDocument }).document.querySelectorAll('a.tile')];
            return (
              tiles.length === want.expected &&
              tiles.every(
                (t) =>
                  t.querySelector('.conn[data-state="live"]') !== null &&
                  Number((t.querySelector('.tile-value')?.textContent ?? '').replace(/,/g, '')) > 0 &&
                  t.querySelector(want.withLine ? 'svg.sparkline path.spark-line' : 'svg.sparkline') !== null &&
                  (t.querySelector('.tile-alert')?.textContent === '' || t.querySelector('.tile-alert .sev') !== null),
              )
            );
          },
          { expected: all.length, withLine },
          { timeout: timeoutMs, polling: 250 },
        );
      await tilesLive(true, (o.timeout * 1000) / 2).catch(() => tilesLive(false, (o.timeout * 1000) / 2));
      const out = join(WORKSPACE_ROOT, 'apps', 'hub', 'docs', 'landing.png');
      mkdirSync(join(WORKSPACE_ROOT, 'apps', 'hub', 'docs'), { recursive: true });
      await landing.screenshot({ path: out });
      process.stdout.write(`landing: ${out}, ${all.length} live tiles (ready after ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    } catch (err) {
      failed = true;
      // what each tile showed, to say which one was not live
      const tiles = await landing
        .locator('a.tile')
        .evaluateAll((els) =>
          els.map((t) => ({
            useCase: t.getAttribute('data-use-case'),
            conn: t.querySelector('.conn')?.getAttribute('data-state'),
            value: t.querySelector('.tile-value')?.textContent,
            sparkline: t.querySelector('svg.sparkline path.spark-line') !== null,
            alert: t.querySelector('.tile-alert')?.textContent,
          })),
        )
        .catch(() => []);
      logger.error({ err, tiles }, `landing: not every one of the ${all.length} tiles live within ${o.timeout} s: not shot`);
    } finally {
      await landingCtx.close();
    }
  }
} finally {
  await browser.close();
  await hub.close();
}
process.exit(failed ? 1 : 0);
