import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { describe, expect, it } from 'vitest';
import { LiveHub } from '../live-hub.js';
import { defineUseCase, type UseCase } from '../use-case.js';
import { serveUseCases } from './serve-use-cases.js';

const logger = pino({ level: 'silent' });

function useCase(name: string, dashboardSource: string, events: string[]): UseCase {
  const dir = mkdtempSync(join(tmpdir(), `uc-${name}-`));
  const entry = join(dir, 'dashboard.ts');
  writeFileSync(entry, dashboardSource);
  return defineUseCase({
    name,
    title: name,
    description: '',
    dashboard: { entry },
    start: () => {
      events.push(`start ${name}`);
      return { queries: [{ name: `${name}-q`, isActive: true, stop: () => void events.push(`stop ${name}-q`) }], stop: () => void events.push(`stop ${name}`) };
    },
  });
}

describe('serveUseCases', () => {
  it('leaves out a use case whose dashboard does not build and runs the others', async () => {
    const events: string[] = [];
    const good = useCase('good', "document.title = 'ok';\n", events);
    const bad = useCase('bad', 'const = ;\n', events);
    const lines: string[] = [];
    const served = await serveUseCases({
      useCases: [bad, good],
      broker: { mode: 'embedded', kafka: createEmbeddedKafka({ broker: new EmbeddedBroker() }) },
      logger,
      env: { PORT: '0' },
      hub: new LiveHub(),
      webCacheDir: mkdtempSync(join(tmpdir(), 'web-cache-')),
      progress: (line) => lines.push(line),
    });
    try {
      expect(events).toEqual(['start good']);
      // the slow steps are said as they begin, for the CLIs to print
      expect(lines).toEqual(['building 2 dashboards (Vite; cached after the first run)...', 'starting good...']);
      const list = (await (await fetch(`${served.url}/api/use-cases`)).json()) as { name: string }[];
      expect(list.map((u) => u.name)).toEqual(['good']);
      expect((await fetch(`${served.url}/good/`)).status).toBe(200);
      expect((await fetch(`${served.url}/bad/`)).status).toBe(404);
    } finally {
      await served.close();
    }
    expect(events).toEqual(['start good', 'stop good-q', 'stop good']);
  }, 60_000);

  it('listenFirst: the server answers, and onListening has its address, before a use case starts; by default only after', async () => {
    const order = async (listenFirst: boolean) => {
      const events: string[] = [];
      let url = '';
      const uc = defineUseCase({
        name: 'early',
        title: 'early',
        description: '',
        dashboard: { entry: useCase('y', '\n', []).dashboard.entry },
        start: async () => {
          events.push(url === '' ? 'start (not listening)' : `start (listening, /api/use-cases ${(await fetch(`${url}/api/use-cases`)).status})`);
          return { queries: [] };
        },
      });
      const served = await serveUseCases({
        useCases: [uc],
        broker: { mode: 'embedded', kafka: createEmbeddedKafka({ broker: new EmbeddedBroker() }) },
        logger,
        env: { PORT: '0' },
        hub: new LiveHub(),
        webCacheDir: mkdtempSync(join(tmpdir(), 'web-cache-')),
        listenFirst,
        onListening: (u) => {
          url = u;
          events.push('listening');
        },
      });
      await served.close();
      expect(url).toBe(served.url);
      return events;
    };
    expect(await order(true)).toEqual(['listening', 'start (listening, /api/use-cases 200)']);
    expect(await order(false)).toEqual(['start (not listening)', 'listening']);
  }, 60_000);

  it("hands each use case the simulators' pace it was given", async () => {
    const seen: unknown[] = [];
    const uc = defineUseCase({
      name: 'paced',
      title: 'paced',
      description: '',
      dashboard: { entry: useCase('x', '\n', []).dashboard.entry },
      start: (ctx) => {
        seen.push(ctx.simulation);
        return { queries: [] };
      },
    });
    const served = await serveUseCases({
      useCases: [uc],
      broker: { mode: 'embedded', kafka: createEmbeddedKafka({ broker: new EmbeddedBroker() }) },
      logger,
      env: { PORT: '0' },
      hub: new LiveHub(),
      webCacheDir: mkdtempSync(join(tmpdir(), 'web-cache-')),
      simulation: { rate: 120, speed: 4 },
    });
    await served.close();
    expect(seen).toEqual([{ rate: 120, speed: 4 }]);
  }, 60_000);

  it('stops starting when its signal is aborted: later use cases are not started, earlier ones are stopped', async () => {
    const events: string[] = [];
    const abort = new AbortController();
    const first = useCase('first', '\n', events);
    const started = first.start;
    const firstAborts = {
      ...first,
      start: (ctx: Parameters<UseCase['start']>[0]) => {
        abort.abort('SIGINT');
        return started(ctx);
      },
    };
    const second = useCase('second', '\n', events);
    await expect(
      serveUseCases({
        useCases: [firstAborts, second],
        broker: { mode: 'embedded', kafka: createEmbeddedKafka({ broker: new EmbeddedBroker() }) },
        logger,
        env: { PORT: '0' },
        hub: new LiveHub(),
        webCacheDir: mkdtempSync(join(tmpdir(), 'web-cache-')),
        signal: abort.signal,
      }),
    ).rejects.toMatchObject({ code: 'LIVE_START_ABORTED' });
    expect(events).toEqual(['start first', 'stop first-q', 'stop first']);
  }, 60_000);
});
