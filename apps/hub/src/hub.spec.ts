import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LiveHub, defineUseCase } from '@streamlab/live';
import { chooseBroker } from './broker.js';
import { demoUseCase } from './demo/use-case.js';
import { startHub } from './hub.js';

const logger = pino({ level: 'silent' });

describe('chooseBroker', () => {
  it('uses the embedded broker by default', async () => {
    const b = await chooseBroker({ kafkaBrokers: undefined, startLocal: false, logger });
    expect(b.info.mode).toBe('embedded');
    expect(b.info.kafka.kind).toBe('embedded');
    await b.stop();
  });

  it('uses KAFKA_BROKERS when set, even with --kafka', async () => {
    const b = await chooseBroker({ kafkaBrokers: '127.0.0.1:9', startLocal: true, logger });
    expect(b.info).toMatchObject({ mode: 'external', brokers: '127.0.0.1:9' });
    expect(b.info.kafka.kind).toBe('kafka');
    await b.stop();
  });
});

describe('startHub', () => {
  it('refuses --only with an unknown use case, naming the ones available', async () => {
    await expect(startHub({ logger, env: { PORT: '0' }, useCases: [demoUseCase], only: ['nope'], hub: new LiveHub() })).rejects.toMatchObject({
      code: 'HUB_UNKNOWN_USE_CASE',
      value: ['nope'],
      hint: 'available: demo',
    });
  });

  it('reports a bad PORT with what to fix', async () => {
    await expect(startHub({ logger, env: { PORT: 'http' }, useCases: [demoUseCase], hub: new LiveHub() })).rejects.toMatchObject({ code: 'LIVE_BAD_CONFIG' });
  });

  it('stops the use cases it started when a later one fails to start', async () => {
    const events: string[] = [];
    const ok = defineUseCase({
      ...demoUseCase,
      name: 'ok',
      start: () => ({ queries: [{ name: 'q', isActive: true, stop: () => void events.push('query stopped') }], stop: () => void events.push('use case stopped') }),
    });
    const broken = defineUseCase({
      ...demoUseCase,
      name: 'broken',
      start: () => {
        throw new Error('cannot start');
      },
    });
    await expect(startHub({ logger, env: { PORT: '0' }, useCases: [ok, broken], hub: new LiveHub() })).rejects.toThrow('cannot start');
    expect(events).toEqual(['query stopped', 'use case stopped']);
  });

  it('serves every use case and shuts down gracefully', async () => {
    const hub = await startHub({ logger, env: { PORT: '0' }, useCases: [demoUseCase], hub: new LiveHub() });
    try {
      expect(hub.mode).toBe('embedded broker');
      const list = (await (await fetch(`${hub.url}/api/use-cases`)).json()) as { name: string; path: string }[];
      expect(list.map((u) => [u.name, u.path])).toEqual([['demo', '/demo/']]);
      expect((await fetch(`${hub.url}/demo/`)).status).toBe(200);
    } finally {
      await hub.close();
    }
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
  });
});
