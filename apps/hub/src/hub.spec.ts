import { createServer, type Server } from 'node:net';
import type { Command } from 'commander';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LiveHub, defineUseCase } from '@streamlab/live';
import { chooseBroker } from './broker.js';
import { parseHubArgs } from './cli.js';
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
    const server = await listening();
    const brokers = `127.0.0.1:${port(server)}`;
    try {
      const b = await chooseBroker({ kafkaBrokers: brokers, startLocal: true, logger });
      expect(b.info).toMatchObject({ mode: 'external', brokers });
      expect(b.info.kafka.kind).toBe('kafka');
      await b.stop();
    } finally {
      server.close();
    }
  });

  it('says what to do when nothing listens at KAFKA_BROKERS', async () => {
    const server = await listening();
    const brokers = `127.0.0.1:${port(server)}`;
    await new Promise((resolve) => server.close(resolve));
    await expect(chooseBroker({ kafkaBrokers: brokers, startLocal: false, logger })).rejects.toMatchObject({
      code: 'HUB_KAFKA_UNREACHABLE',
      value: brokers,
      message: expect.stringContaining('npm run kafka'),
    });
  });
});

describe('parseHubArgs', () => {
  const argv = (...flags: string[]) => ['node', 'start.ts', ...flags];

  it('reads the documented flags', () => {
    expect(parseHubArgs(argv('--kafka', '--demo', '--only', 'fraud-detection', 'demo', '--log-level', 'info'), {})).toEqual({
      kafka: true,
      demo: true,
      only: ['fraud-detection', 'demo'],
      logLevel: 'info',
    });
    expect(parseHubArgs(argv(), {})).toEqual({ kafka: false, demo: false, logLevel: 'warn' });
    expect(parseHubArgs(argv(), { LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it("reads the simulators' pace from --rate/--speed, or STREAMLAB_RATE/STREAMLAB_SPEED, the flags first", () => {
    expect(parseHubArgs(argv('--rate', '200', '--speed', '10'), {}).simulation).toEqual({ rate: 200, speed: 10 });
    expect(parseHubArgs(argv(), { STREAMLAB_RATE: '50' }).simulation).toEqual({ rate: 50 });
    expect(parseHubArgs(argv('--speed', '2'), { STREAMLAB_SPEED: '9' }).simulation).toEqual({ speed: 2 });
    expect(() => parseHubArgs(argv('--rate', 'fast'), {})).toThrow(
      expect.objectContaining({ code: 'HUB_BAD_FLAG', message: '--rate (or STREAMLAB_RATE) must be a positive number of events per second, got "fast"' }),
    );
    expect(() => parseHubArgs(argv(), { STREAMLAB_SPEED: '0' })).toThrow('--speed (or STREAMLAB_SPEED) must be a positive factor (1 = real time), got "0"');
  });

  it('--help lists the environment too; an unknown flag points to --help', () => {
    let out = '';
    let err = '';
    const capture = (program: Command) => program.exitOverride().configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (err += s) });
    expect(() => parseHubArgs(argv('--help'), {}, capture)).toThrow(expect.objectContaining({ code: 'commander.helpDisplayed' }));
    expect(out).toContain('--only <names...>');
    for (const v of ['PORT', 'KAFKA_BROKERS', 'STREAMLAB_TOKEN', 'STREAMLAB_ALLOWED_HOSTS']) expect(out).toContain(v);
    expect(() => parseHubArgs(argv('--bogus'), {}, capture)).toThrow(expect.objectContaining({ code: 'commander.unknownOption' }));
    expect(err).toBe("error: unknown option '--bogus'\n(npm start -- --help lists the flags)\n");
  });

  it('rejects a bad log level, naming the flag or the variable and the levels', () => {
    expect(() => parseHubArgs(argv('--log-level', 'loud'), {})).toThrow(
      expect.objectContaining({ code: 'HUB_BAD_FLAG', value: 'loud', message: expect.stringMatching(/^--log-level .*"loud".*info, debug/) }),
    );
    expect(() => parseHubArgs(argv(), { LOG_LEVEL: 'loud' })).toThrow(
      expect.objectContaining({ code: 'HUB_BAD_FLAG', message: expect.stringMatching(/^LOG_LEVEL /) }),
    );
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

  it('reports a port in use before starting anything (no broker, no bundling)', async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    const port = await new Promise<number>((r) => holder.listen(0, '127.0.0.1', () => r((holder.address() as { port: number }).port)));
    const lines: string[] = [];
    let started = false;
    const uc = defineUseCase({
      ...demoUseCase,
      name: 'probe',
      start: () => {
        started = true;
        return { queries: [] };
      },
    });
    try {
      await expect(startHub({ logger, env: { PORT: String(port) }, useCases: [uc], hub: new LiveHub(), progress: (l) => lines.push(l) })).rejects.toMatchObject(
        {
          code: 'LIVE_PORT_UNAVAILABLE',
          message: expect.stringContaining(`port ${port} on 127.0.0.1 is in use`),
        },
      );
    } finally {
      holder.close();
    }
    expect(started).toBe(false);
    expect(lines).toEqual([]);
  });

  it('reports a bad PORT with what to fix', async () => {
    await expect(startHub({ logger, env: { PORT: 'http' }, useCases: [demoUseCase], hub: new LiveHub() })).rejects.toMatchObject({ code: 'LIVE_BAD_CONFIG' });
  });

  it('stops the use cases it started when a later one fails to start', async () => {
    const events: string[] = [];
    const ok = defineUseCase({
      ...demoUseCase,
      name: 'ok',
      start: () => ({
        queries: [{ name: 'q', isActive: true, stop: () => void events.push('query stopped') }],
        stop: () => void events.push('use case stopped'),
      }),
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

function listening(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function port(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
