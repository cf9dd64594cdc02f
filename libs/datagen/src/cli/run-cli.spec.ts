import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { pino } from 'pino';
import { ManualClock } from '@streamlab/core/testing';
import { driveClock } from '../drive-clock.js';
import { createPaymentsModel } from '../examples/payments/model.js';
import { countTopic } from '../outputs/kafka-check.js';
import { runSimulatorCli, type CliDeps } from './run-cli.js';

const model = createPaymentsModel({ rhythm: false });
const dir = mkdtempSync(join(tmpdir(), 'datagen-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(extra: Partial<CliDeps> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const deps: CliDeps = { stdout, stderr, env: {}, logger: pino({ level: 'silent' }), ...extra };
  return { deps, out: () => out, err: () => err };
}

describe('runSimulatorCli', () => {
  it('runs the model to NDJSON and prints the summary', async () => {
    const path = join(dir, 'tx.ndjson');
    const t = io();
    const res = await runSimulatorCli(
      model,
      ['--rate', '200', '--duration', '10m', '--seed', '42', '--late', '0.02', '--speed', '60', '--asap', '--out', path, '--no-progress'],
      t.deps,
    );
    expect(res.exitCode).toBe(0);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(res.summary!.stats.emitted);
    expect(Math.abs(lines.length - 120_000)).toBeLessThan(2_000); // 200/s x 600 s, Poisson
    expect(readFileSync(join(dir, 'tx.labels.ndjson'), 'utf8').length).toBeGreaterThan(0);
    const summary = t.out();
    expect(summary).toMatch(/^payments: [\d,]+ records in [\d.]+ s, [\d,]+ records\/s achieved \(target 200\/s, --asap: unpaced\)/);
    const latePct = Number(/late [\d,]+ \((\d+\.\d\d)%\)/.exec(summary)?.[1]);
    expect(latePct).toBeGreaterThan(1.8);
    expect(latePct).toBeLessThan(2.2);
    expect(summary).toMatch(/scenarios: card-testing \d+ incidents, fraud-ring 4 incidents; [\d,]+ labelled records/);
    expect(summary).toMatch(/event time 2026-01-05T00:00:00.000Z .. 2026-01-05T10:00:00.000Z \(speed 60\)/);
  });

  it('is reproducible from the command line: same seed, same file', async () => {
    const run = async (seed: string, name: string) => {
      const path = join(dir, name);
      await runSimulatorCli(
        model,
        ['--seed', seed, '--rate', '1000', '--duration', '5s', '--asap', '--malformed', '0.01', '--out', path, '--no-progress'],
        io().deps,
      );
      return readFileSync(path, 'utf8');
    };
    const a = await run('7', 'a.ndjson');
    expect(await run('7', 'b.ndjson')).toBe(a);
    expect(await run('8', 'c.ndjson')).not.toBe(a);
  });

  it('fails with exit code 2 and a message naming the bad flag, before running anything', async () => {
    const t = io();
    const res = await runSimulatorCli(model, ['--late', '2', '--out', join(dir, 'never.ndjson')], t.deps);
    expect(res).toEqual({ exitCode: 2 });
    expect(t.err()).toMatch(/^simulate payments: --late must be a fraction between 0 and 1 \(e\.g\. 0\.02\), got "2"/);
    expect(() => readFileSync(join(dir, 'never.ndjson'))).toThrow();
    const unknown = io();
    expect((await runSimulatorCli(model, ['--scenarios', 'heist', '--asap'], unknown.deps)).exitCode).toBe(2);
    expect(unknown.err()).toMatch(/no scenario "heist".*choose from: card-testing, fraud-ring/);
  });

  it('rejects a bad broker list for --kafka with exit code 2', async () => {
    const t = io({ env: { KAFKA_BROKERS: 'not a broker' } });
    expect((await runSimulatorCli(model, ['--kafka', '--asap'], t.deps)).exitCode).toBe(2);
    expect(t.err()).toMatch(/bad Kafka bootstrap servers "not a broker".*host:port/);
  });

  it('on a terminal without --out, writes the records to <topic>.ndjson and says so, rather than flood the screen', async () => {
    const t = io({ cwd: dir });
    (t.deps.stdout as PassThrough & { isTTY?: boolean }).isTTY = true;
    const res = await runSimulatorCli(model, ['--rate', '100', '--duration', '2s', '--asap', '--no-progress'], t.deps);
    expect(res.exitCode).toBe(0);
    const path = join(dir, 'payments.ndjson');
    expect(t.err()).toContain(`simulate payments: writing records to ${path}`);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n').length).toBe(res.summary!.stats.emitted);
    // the terminal gets the summary, not the records
    expect(t.out()).toMatch(/^payments: [\d,]+ records/);
    expect(t.out()).not.toContain('"amount"');
  });

  it('builds a lazy model only after the flags are valid, from the parsed options, and says what it builds', async () => {
    let built = 0;
    const lazy = {
      name: 'payments',
      describe: () => '7 cards',
      build: (o: { simulation: { ratePerSec: number } }) => {
        built += 1;
        expect(o.simulation.ratePerSec).toBe(50);
        return model;
      },
    };
    const bad = io();
    expect((await runSimulatorCli(lazy, ['--rate', 'x'], bad.deps)).exitCode).toBe(2);
    expect((await runSimulatorCli(lazy, ['--help'], io().deps)).exitCode).toBe(0);
    expect(built).toBe(0);
    const t = io();
    const res = await runSimulatorCli(lazy, ['--rate', '50', '--duration', '1s', '--asap', '--out', join(dir, 'lazy.ndjson')], t.deps);
    expect(res.exitCode).toBe(0);
    expect(built).toBe(1);
    expect(t.err()).toMatch(/^simulate payments: building the model \(7 cards\)\.\.\.\nsimulate payments: built in \d+\.\d s\n/);
  });

  it('stops quietly with exit code 0 when the reader of stdout goes away (| head -3)', async () => {
    const t = io();
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => {
      throw epipe;
    });
    try {
      const res = await runSimulatorCli(model, ['--rate', '200', '--duration', '10s', '--asap', '--out', '-', '--no-progress'], t.deps);
      expect(res.exitCode).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(t.err()).toBe('');
  });

  it('prints help with exit code 0', async () => {
    const t = io();
    expect((await runSimulatorCli(model, ['--help'], t.deps)).exitCode).toBe(0);
    expect(t.out()).toMatch(/Usage: simulate payments/);
  });

  it('--kafka writes keyed records to the topic through the Kafka port, paced by the clock', async () => {
    const broker = new EmbeddedBroker();
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const t = io({ clock, env: { KAFKA_BROKERS: '127.0.0.1:9' }, kafkaClient: () => createEmbeddedKafka({ broker }) });
    const res = await driveClock(
      clock,
      runSimulatorCli(model, ['--kafka', '--rate', '500', '--duration', '2s', '--topic', 'cli-tx', '--no-progress'], t.deps),
      100,
    );
    expect(res.exitCode).toBe(0);
    const check = createEmbeddedKafka({ broker });
    expect(await countTopic(check, 'cli-tx')).toBe(res.summary!.stats.emitted);
    expect(res.summary!.elapsedMs).toBeGreaterThanOrEqual(2_000);
    expect(res.summary!.elapsedMs).toBeLessThanOrEqual(2_100);
    expect(t.out()).toMatch(/output: kafka:.*cli-tx \(labels cli-tx\.labels\)/);
  });
});
