/**
 * Test helpers for apps built on @streamlab/live (`@streamlab/live/testing`): headless Chromium
 * via playwright-core and pages that collect console problems.
 *
 * @example
 * const browser = await launchBrowser();
 * const t = await openPage(browser, `${hub.url}/demo/`);
 * expect(t.problems).toEqual([]);
 */
export { launchBrowser, openPage, type TestPage } from '../e2e/browser.js';
