import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import type { RunBroker } from '../run/broker.js';
import { manualFileEvents } from '../file-events.js';
import { runWorkshop } from '../program.js';
import { fixtureSteps, XSS_PAGE, type FixtureSteps } from '../testing/fixture-steps.js';
import { testWorkshop } from '../testing/test-workshop.js';

let fx: FixtureSteps;
beforeEach(() => {
  fx = fixtureSteps();
});
afterEach(() => fx.remove());

/** Each run gets its own topics on the process-wide embedded broker. */
const prefix = () => `t${randomUUID().slice(0, 8)}.`;

describe('workshop run', () => {
  it('runs the solution on the embedded broker under WORKSHOP_PREFIX, prints Spark console batches, and stops on Ctrl-C with one line', async () => {
    const p = prefix();
    const w = testWorkshop(fx, { env: { WORKSHOP_PREFIX: p } });
    const ctl = new AbortController();
    const done = runWorkshop(['run', '1', '--solution'], w, { signal: ctl.signal, events: manualFileEvents() });
    await vi.waitFor(() => expect(w.io.stdout).toContain('Batch: 2\n'), { timeout: 15_000 });
    ctl.abort();
    expect(await done).toBe(0);

    const out = w.io.stdout;
    expect(out.split('\n')[0]).toMatch(
      /^Step 1 · Clicks per page: running \S*\/01-clicks\/solution\.ts on the embedded broker, topics prefixed "t[0-9a-f]{8}\."\. Ctrl-C to stop\.$/,
    );
    expect(out).toContain(
      [
        '-------------------------------------------',
        'Batch: 0',
        '-------------------------------------------',
        '+--------------------+--------------------+------+',
        '|              window|                page|clicks|',
        '+--------------------+--------------------+------+',
      ].join('\n'),
    );
    expect(out).toContain('|{2026-01-01 12:00...|                home|     2|');
    expect(out).toContain('|<img src=x onerro...|     1|'); // long values are cut as Spark does
    expect(out).toMatch(/\nStopped step 1\.\n$/);
    expect(out.match(/Stopped/g)).toHaveLength(1);
    expect(XSS_PAGE.startsWith('<img src=x onerro')).toBe(true);
    expect(await createEmbeddedKafka().admin.listTopics()).toContain(`${p}clicks`);
  });

  it("on a shared broker, a rerun gets topics of its own (<prefix>run<N>.<name>) and prints what the first run printed, not the first run's records again", async () => {
    const embedded = new EmbeddedBroker();
    const shared = async (): Promise<RunBroker> => {
      const kafka = createEmbeddedKafka({ broker: embedded });
      return { kafka, mode: 'external', description: 'Kafka at 10.0.0.5:9092', close: () => kafka.close() };
    };
    // an earlier run of another attendee, and one of this attendee's from before run numbers
    await createEmbeddedKafka({ broker: embedded }).admin.createTopics(['bob.run7.clicks', 'alice.clicks'].map((topic) => ({ topic, partitions: 1 })));
    const firstBatch = async () => {
      const w = testWorkshop(fx, { env: { WORKSHOP_PREFIX: 'alice.' } });
      const ctl = new AbortController();
      const done = runWorkshop(['run', '1', '--solution'], w, { signal: ctl.signal, events: manualFileEvents(), openBroker: shared });
      await vi.waitFor(() => expect(w.io.stdout).toContain('Batch: 2\n'), { timeout: 15_000 });
      ctl.abort();
      expect(await done).toBe(0);
      const out = w.io.stdout;
      return { first: out.split('\n')[0], batch0: out.slice(out.indexOf('Batch: 0'), out.indexOf('Batch: 1')) };
    };
    const one = await firstBatch();
    const two = await firstBatch();
    expect(one.first).toContain('on Kafka at 10.0.0.5:9092, topics prefixed "alice.run1." (each run on a shared broker has its own');
    expect(two.first).toContain('topics prefixed "alice.run2."');
    expect(two.batch0).toContain('|{2026-01-01 12:00...|                home|     2|');
    expect(two.batch0).toBe(one.batch0);
    const topics = (await createEmbeddedKafka({ broker: embedded }).admin.listTopics()).sort();
    expect(topics).toEqual(['alice.clicks', 'alice.run1.clicks', 'alice.run2.clicks', 'bob.run7.clicks']);
  });

  it('runs exercise.ts by default', async () => {
    const w = testWorkshop(fx, { env: { WORKSHOP_PREFIX: prefix() } });
    const ctl = new AbortController();
    const done = runWorkshop(['run', '1'], w, { signal: ctl.signal, events: manualFileEvents() });
    await vi.waitFor(() => expect(w.io.stdout).toContain('Batch: 0\n'), { timeout: 15_000 });
    ctl.abort();
    expect(await done).toBe(0);
    expect(w.io.stdout).toContain('/01-clicks/exercise.ts on the embedded broker');
    expect(w.io.stdout).toContain('|page|clicks|'); // the starter does not window yet
  });

  it('ends with exit 1 and the query’s error when a query fails', async () => {
    writeFileSync(
      join(fx.dir('01-clicks'), 'exercise.ts'),
      "import type { Stream } from '@streamlab/core';\nexport function clicksPerPage(clicks: Stream<{ ts: number; page: string }>) {\n  return clicks.map((c) => {\n    if (c.page === 'home') throw new Error('cannot handle home');\n    return c;\n  });\n}\n",
    );
    const w = testWorkshop(fx, { env: { WORKSHOP_PREFIX: prefix() } });
    const code = await runWorkshop(['run', '1'], w, { signal: new AbortController().signal, events: manualFileEvents() });
    expect(code).toBe(1);
    expect(w.io.stderr).toMatch(/^workshop: .*cannot handle home/);
  });

  it('says the step did not start when the exercise throws (a TODO), exit 1', async () => {
    writeFileSync(join(fx.dir('01-clicks'), 'exercise.ts'), "export function clicksPerPage(): never {\n  throw new Error('TODO: count clicks per page');\n}\n");
    const w = testWorkshop(fx, { env: { WORKSHOP_PREFIX: prefix() } });
    expect(await runWorkshop(['run', '1'], w, { signal: new AbortController().signal, events: manualFileEvents() })).toBe(1);
    expect(w.io.stderr).toContain('workshop: step 1 did not start: TODO: count clicks per page\n');
    expect(w.io.stderr).toContain('finish the TODOs in');
  });

  it('says what to fix when KAFKA_BROKERS does not answer (exit 1) or --port is not a port (exit 2)', async () => {
    const w = testWorkshop(fx, { env: { KAFKA_BROKERS: '127.0.0.1:1' } });
    expect(await runWorkshop(['run', '1'], w, { signal: new AbortController().signal, events: manualFileEvents() })).toBe(1);
    expect(w.io.stderr).toContain('workshop: cannot reach Kafka at KAFKA_BROKERS=127.0.0.1:1 (127.0.0.1:1: ECONNREFUSED)\n');
    expect(w.io.stderr).toContain('unset KAFKA_BROKERS to run on the embedded broker');

    const w2 = testWorkshop(fx);
    expect(await runWorkshop(['run', '1', '--ui', '--port', 'http'], w2, { signal: new AbortController().signal, events: manualFileEvents() })).toBe(2);
    expect(w2.io.stderr).toContain('workshop: --port "http" is not a port number');
  });

  it('says at once when the page port is taken, before starting anything (exit 2)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const w = testWorkshop(fx);
      expect(await runWorkshop(['run', '1', '--ui', '--port', String(port)], w, { signal: new AbortController().signal, events: manualFileEvents() })).toBe(2);
      expect(w.io.stderr).toBe(
        `workshop: the page cannot listen on 127.0.0.1:${port}\n  another program uses port ${port}: stop it, or choose another with --port ${port + 1}\n`,
      );
      expect(w.io.stdout).toBe('');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
