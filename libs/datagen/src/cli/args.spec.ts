import { describe, expect, it } from 'vitest';
import { StreamlabError } from '@streamlab/core';
import { DEFAULT_START_MS } from '../options.js';
import { parseSimulatorArgs } from './args.js';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseSimulatorArgs('payments', args, env);
function error(args: string[], env: NodeJS.ProcessEnv = {}): StreamlabError {
  try {
    parse(args, env);
  } catch (err) {
    expect(err).toBeInstanceOf(StreamlabError);
    return err as StreamlabError;
  }
  throw new Error(`expected ${args.join(' ')} to be rejected`);
}

describe('parseSimulatorArgs', () => {
  it('reads the contract flags', () => {
    const o = parse(['--', '--rate', '2000', '--duration', '10m', '--seed', '42', '--late', '0.02', '--speed', '60', '--kafka'], {
      KAFKA_BROKERS: '127.0.0.1:9092',
    });
    expect(o.simulation).toMatchObject({ ratePerSec: 2000, durationMs: 600_000, seed: 42, speed: 60, startMs: DEFAULT_START_MS });
    expect(o.simulation.disorder).toMatchObject({ late: 0.02, lateDelayMs: 60_000 });
    expect(o).toMatchObject({ kafka: true, brokers: '127.0.0.1:9092', topic: 'payments', labelsTopic: 'payments.labels', asap: false });
  });

  it('starts now when writing to Kafka without --start (a running hub would drop 2026 records as late), at the fixed date otherwise', () => {
    const env = { KAFKA_BROKERS: '127.0.0.1:9092' };
    expect(parse(['--kafka'], env).startNow).toBe(true);
    expect(parse(['--kafka', '--start', '2026-01-05T00:00:00Z'], env)).toMatchObject({ startNow: false, simulation: { startMs: DEFAULT_START_MS } });
    expect(parse([], env)).toMatchObject({ startNow: false, simulation: { startMs: DEFAULT_START_MS } });
    expect(parse(['--start', 'now'], env).startNow).toBe(true);
  });

  it('reads the other flags, with defaults', () => {
    const o = parse([
      '--asap',
      '--profile',
      'bursty',
      '--out-of-order',
      '0.1',
      '--max-delay',
      '2s',
      '--duplicates',
      '0.01',
      '--malformed',
      '0.005',
      '--scenarios',
      'fraud-ring',
      '--out',
      'x.ndjson',
      '--labels',
      'none',
      '--no-progress',
      '--start',
      '2026-03-01T08:00:00Z',
      '--entities',
      '50',
    ]);
    expect(o.asap).toBe(true);
    expect(o.simulation.profile?.kind).toBe('bursty');
    expect(o.simulation.disorder).toMatchObject({ outOfOrder: 0.1, maxDelayMs: 2_000, duplicates: 0.01, malformed: 0.005 });
    expect(o.simulation.scenarios).toEqual(['fraud-ring']);
    expect(o.simulation.startMs).toBe(Date.UTC(2026, 2, 1, 8));
    expect(o.simulation.entities).toBe(50);
    expect(o).toMatchObject({ out: 'x.ndjson', labels: null, progress: false, kafka: false });
    expect(parse([]).simulation).toMatchObject({ ratePerSec: 1000, durationMs: 60_000, seed: 1, speed: 1, scenarios: undefined });
    expect(parse(['--scenarios', 'none']).simulation.scenarios).toEqual([]);
  });

  it('names each bad flag and what to write instead', () => {
    expect(error(['--late', '2']).message).toMatch(/--late must be a fraction between 0 and 1.*got "2"/);
    expect(error(['--rate', 'fast']).message).toMatch(/--rate must be a positive number.*got "fast"/);
    expect(error(['--rate', '0']).message).toMatch(/--rate/);
    expect(error(['--duration', '10 fortnights']).message).toMatch(/--duration must be a positive duration like 30s, 10m.*got "10 fortnights"/);
    expect(error(['--seed', '1.5']).message).toMatch(/--seed must be an integer/);
    expect(error(['--speed', '-60']).message).toMatch(/--speed must be a positive factor/);
    expect(error(['--profile', 'wavy']).message).toMatch(/wavy.*steady, bursty, ramping/);
    expect(error(['--start', 'yesterday']).message).toMatch(/--start must be an ISO-8601 time/);
    expect(error(['--lat', '0.1']).message).toMatch(/unknown option '--lat'/);
    expect(error(['--late', '0.6', '--out-of-order', '0.6']).message).toMatch(/must not exceed 1/);
    expect(error(['--kafka']).message).toMatch(/--kafka needs a broker: set KAFKA_BROKERS or pass --brokers/);
    const both = error(['--late', '-1', '--rate', 'x']);
    expect(both.code).toBe('DATAGEN_BAD_OPTION');
    expect(both.message).toMatch(/--rate.*--late|--late.*--rate/);
    expect(both.hint).toMatch(/--help/);
  });

  it('returns the help text as a DATAGEN_HELP error', () => {
    const help = error(['--help']);
    expect(help.code).toBe('DATAGEN_HELP');
    expect(help.message).toMatch(/--rate <records\/s>/);
    expect(help.message).toMatch(/--kafka/);
  });
});
