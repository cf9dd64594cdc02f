/**
 * The scale-out demo as a user runs it (`npx nx serve fraud-detection -- --instances 3`) on the
 * real broker, in real headless Chromium: the serving process starts three instance processes;
 * the dashboard's ownership panel shows three live instances covering every partition of
 * `fraud.transactions`; one instance is SIGKILLed, and within the session timeout the panel
 * shows two live instances covering every partition, the killed one gone. A report whose instance
 * name is markup shows as text. Screenshots go to `test-artifacts/fraud-detection/`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createKafkaClient, type InstanceReport, statusTopic } from '@streamlab/kafka';
import { describeKafka, eventually, spawnCollected, type Spawned, testBrokers, unlessExited } from '@streamlab/kafka/testing';
import { launchBrowser } from '@streamlab/live/testing';
import { SCALE_APPLICATION_ID } from './scaled.js';

const SERVE = fileURLToPath(new URL('../cli/serve.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/fraud-detection/', import.meta.url));

let serve: Spawned | undefined;
let browser: Browser | undefined;
const pids: number[] = [];

afterAll(async () => {
  if (lastView) console.log(`the ownership panel last showed:\n${lastView}`);
  if (serve) console.log(`serve's output (tail):\n${serve.stdout().slice(-3000)}\n${serve.stderr().slice(-3000)}`);
  await browser?.close();
  serve?.kill('SIGTERM');
  await serve?.exited;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

let lastView = '';

/** What the ownership panel shows now (kept for a failure's message). */
async function panel(page: Page): Promise<{ live: string[]; gone: string[]; owners: string[]; partitions: number }> {
  lastView = (await page.locator('#instances').textContent()) ?? '';
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('#instances tr[data-instance]')];
    const of = (kind: string) => rows.filter((r) => r.dataset['status'] === kind).map((r) => r.dataset['instance']!);
    const owners = [...document.querySelectorAll<HTMLElement>('#instances [data-partition]')].map((p) => p.dataset['owner'] ?? '');
    return { live: of('live'), gone: of('gone'), owners, partitions: owners.length };
  });
}

describeKafka('serve fraud-detection --instances 3 (real broker, real Chromium)', () => {
  it('the ownership panel shows 3 instances covering every partition; one killed, 2 cover them all', { timeout: 150_000 }, async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const brokers = testBrokers().join(',');
    serve = spawnCollected(process.execPath, ['--conditions=development', '--import', 'tsx', SERVE, '--instances', '3'], {
      cwd: ROOT,
      env: { KAFKA_BROKERS: brokers, PORT: '0', LOG_LEVEL: 'warn', STREAMLAB_TOKEN: undefined },
    });
    const s = serve;
    const url = await unlessExited(
      s,
      eventually(() => /^fraud-detection: (http:\/\/\S+\/fraud-detection\/)/m.exec(s.stdout())?.[1], { timeoutMs: 90_000, what: 'the dashboard address' }),
    );
    const started = () => new Map([...s.stdout().matchAll(/^fraud-detection: (instance-\d+) started \(pid (\d+)\)/gm)].map((m) => [m[1]!, Number(m[2])]));
    expect([...started().keys()]).toEqual(['instance-1', 'instance-2', 'instance-3']);
    pids.push(...started().values());

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1400 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(url);

    const all = await unlessExited(
      s,
      eventually(
        async () => {
          const v = await panel(page);
          return v.live.length === 3 && v.partitions > 0 && v.owners.every((o) => v.live.includes(o)) && new Set(v.owners).size === 3 ? v : undefined;
        },
        { timeoutMs: 90_000, what: '3 live instances covering every partition' },
      ),
    );
    expect(all.live.sort()).toEqual(['instance-1', 'instance-2', 'instance-3']);
    await page.locator('#instances').screenshot({ path: `${ARTIFACTS}instances-3.png` });

    // a report whose instance name is markup is shown as text, and runs nothing
    const client = createKafkaClient({ brokers });
    const evil: InstanceReport = {
      applicationId: SCALE_APPLICATION_ID,
      instance: '<img src=x onerror="window.__owned=1">',
      host: 'h',
      pid: 1,
      memberId: 'm',
      generation: 0,
      assigned: [],
      running: [],
      batches: '',
      watermarkMs: null,
      restoredRows: 0,
      state: 'stopped',
      reportedAt: Date.now(),
    };
    await client.producer().send([{ topic: statusTopic(SCALE_APPLICATION_ID), key: 'evil', value: JSON.stringify(evil) }]);
    await client.close();
    await eventually(async () => (await page.locator('#instances td', { hasText: '<img src=x' }).count()) > 0, { what: 'the markup name as text' });
    expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();

    // kill instance-2: after the session timeout the group moves its partitions to the other two
    const victim = started().get('instance-2')!;
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    const after = await unlessExited(
      s,
      eventually(
        async () => {
          const v = await panel(page);
          return v.live.length === 2 && v.gone.includes('instance-2') && v.owners.every((o) => v.live.includes(o)) ? v : undefined;
        },
        { timeoutMs: 60_000, what: '2 live instances covering every partition, instance-2 gone' },
      ),
    );
    const movedInMs = Date.now() - killedAt;
    console.log(`scaled demo: instance-2's partitions moved ${movedInMs} ms after its SIGKILL (session timeout 6 s)`);
    expect(after.live.sort()).toEqual(['instance-1', 'instance-3']);
    expect(after.partitions).toBe(all.partitions);
    await page.locator('#instances').screenshot({ path: `${ARTIFACTS}instances-2.png` });
    expect(s.stdout()).toMatch(/instance-2 \(pid \d+\) exited \(SIGKILL\)/);
    expect(problems).toEqual([]);

    // Ctrl-C: the instances commit and leave, the process ends cleanly
    s.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
  });
});
