/**
 * `run N --ui` in headless Chromium: the batch view shows the fixture step's query with its output
 * mode, batch ids, watermark, late rows and output rows, and a page name that is HTML shows as text.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LiveHub } from '@streamlab/live';
import { launchBrowser, openPage } from '@streamlab/live/testing';
import { manualFileEvents } from '../file-events.js';
import { runWorkshop } from '../program.js';
import { FEED_GATE, fixtureSteps, XSS_PAGE, type FixtureSteps } from '../testing/fixture-steps.js';
import { testWorkshop } from '../testing/test-workshop.js';
import { WORKSHOP_ROOT } from '../workshop.js';

const ARTIFACTS = join(WORKSHOP_ROOT, '..', '..', 'test-artifacts', 'workshop');
let browser: Browser;
let fx: FixtureSteps;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(() => {
  fx = fixtureSteps();
});
afterEach(() => fx.remove());

describe('workshop run --ui', () => {
  it('serves a page with each batch: output rows, batch id, watermark, late rows and the output mode, data as text', async () => {
    const w = testWorkshop(fx, { env: { WORKSHOP_PREFIX: `ui${randomUUID().slice(0, 8)}.` } });
    const ctl = new AbortController();
    // The feed sends round i once the spec releases it.
    const releases: (() => void)[] = [];
    const released = [0, 1, 2].map((i) => new Promise<void>((resolve) => (releases[i] = resolve)));
    // What stdout said when the step's feed was about to send its first round (the step had started).
    let stdoutAtFirstRound: string | undefined;
    (globalThis as Record<string, unknown>)[FEED_GATE] = (round: number) => {
      if (round === 0) stdoutAtFirstRound = w.io.stdout;
      return released[round];
    };
    const release = (round: number) => releases[round]!();
    let url = '';
    const done = runWorkshop(['run', '1', '--solution', '--ui', '--port', '0'], w, {
      signal: ctl.signal,
      events: manualFileEvents(),
      hub: new LiveHub(),
      onListening: (u) => void (url = u),
    });
    try {
      await expect.poll(() => url, { timeout: 60_000 }).not.toBe('');
      expect(w.io.stdout).toContain(`Batch view: ${url}`);
      // The address is out as soon as the page listens: before the step started, so before any batch.
      await expect.poll(() => stdoutAtFirstRound, { timeout: 15_000 }).toBeDefined();
      expect(stdoutAtFirstRound).toContain(`Batch view: ${url}`);
      expect(stdoutAtFirstRound).not.toContain('Batch: ');
      const t = await openPage(browser, url);
      try {
        await t.page.locator('.conn[data-state="live"]').waitFor({ timeout: 15_000 });
        const card = t.page.locator('.wk-query[data-query="clicks"]');
        for (const round of [0, 1, 2]) {
          release(round);
          await expect.poll(() => card.locator('.wk-batch').count(), { timeout: 15_000 }).toBeGreaterThan(round);
        }
        expect(await t.page.locator('h1').textContent()).toBe('Step 1 · Clicks per page');
        await expect.poll(() => card.getAttribute('data-mode'), { timeout: 15_000 }).toBe('update');
        expect(await card.locator('.wk-mode').textContent()).toBe('update');
        expect(await card.locator('.mode-explain').textContent()).toMatch(/^Update: each batch outputs the rows that changed/);
        // The last round is a click 28 s behind the newest one: dropped by the 10 s watermark.
        await expect.poll(() => card.locator('.wk-late').textContent(), { timeout: 15_000 }).toBe('1 in the last batch · 1 since the page opened');
        expect(Number(await card.locator('.wk-batch-id').textContent())).toBeGreaterThanOrEqual(2);
        expect(await card.locator('.wk-watermark').textContent()).toBe('2026-01-01 12:00:21 UTC');
        // Batch 0's output rows, the oldest in the log (newest first), and the result table.
        // Each batch in the log, newest first: the first round's, the no-data batch the moved
        // watermark triggers, the second round's, and the late click's (dropped, so nothing out).
        const heads = await card.locator('.wk-batch-head').allTextContents();
        expect(heads[0]).toMatch(/^Batch \d+ · 0 rows out · 1 in · watermark 2026-01-01 12:00:21 UTC · 1 late dropped$/);
        expect(heads).toContainEqual(expect.stringMatching(/^Batch \d+ · 1 row out · 1 in · watermark 2026-01-01 11:59:55 UTC · 0 late dropped$/));
        const first = card.locator('.wk-batch', { hasText: '2 rows out · 3 in · watermark none yet' });
        expect(await first.count()).toBe(1);
        expect(await first.locator('thead th').allTextContents()).toEqual(['window', 'page', 'clicks']);
        expect(await first.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['12:00:00–12:00:10', 'home', '2']);
        expect(await card.locator('.wk-table tbody tr').count()).toBe(3);
        // HTML in the data is text: shown as typed, no element made, no script run.
        expect(await card.locator('td', { hasText: XSS_PAGE }).count()).toBeGreaterThanOrEqual(1);
        expect(await t.page.locator('#queries img').count()).toBe(0);
        expect(await t.page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
        mkdirSync(ARTIFACTS, { recursive: true });
        await t.page.screenshot({ path: join(ARTIFACTS, 'run-ui.png'), fullPage: true });
        expect(t.problems).toEqual([]);
      } finally {
        await t.close();
      }
    } finally {
      for (const r of releases) r();
      delete (globalThis as Record<string, unknown>)[FEED_GATE];
      ctl.abort();
    }
    expect(await done).toBe(0);
    expect(w.io.stdout).toMatch(/\nStopped step 1\.\n$/);
  }, 120_000);
});
