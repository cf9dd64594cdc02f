/** `onShutdownSignal` with injected signals, exit, clock and timer (no real process signals). */
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { onShutdownSignal } from './serve-use-cases.js';

const logger = pino({ level: 'silent' });

function harness(close: () => Promise<void>) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let clock = 0;
  onShutdownSignal(close, logger, {
    signals: signals as unknown as Pick<NodeJS.Process, 'on'>,
    exit: (code) => exits.push(code),
    now: () => clock,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  return { signals, exits, timers, advance: (ms: number) => (clock += ms) };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('onShutdownSignal', () => {
  it('closes once and exits 0; the same Ctrl-C delivered twice (terminal and npm) is one signal', async () => {
    let closes = 0;
    let finish!: () => void;
    const h = harness(() => {
      closes++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    h.signals.emit('SIGINT', 'SIGINT');
    h.advance(5);
    h.signals.emit('SIGINT', 'SIGINT');
    expect(closes).toBe(1);
    expect(h.exits).toEqual([]);
    finish();
    await flush();
    expect(h.exits).toEqual([0]);
  });

  it('a second signal after the repeat window exits at once with 130', () => {
    const h = harness(() => new Promise<void>(() => undefined));
    h.signals.emit('SIGTERM', 'SIGTERM');
    h.advance(1_500);
    h.signals.emit('SIGINT', 'SIGINT');
    expect(h.exits).toEqual([130]);
  });

  it('exits 1 when close has not finished in time, and when it fails', async () => {
    const hung = harness(() => new Promise<void>(() => undefined));
    hung.signals.emit('SIGINT', 'SIGINT');
    expect(hung.timers.map((t) => t.ms)).toEqual([10_000]);
    hung.timers[0]!.fn();
    expect(hung.exits).toEqual([1]);

    const failing = harness(() => Promise.reject(new Error('broker gone')));
    failing.signals.emit('SIGINT', 'SIGINT');
    await flush();
    expect(failing.exits).toEqual([1]);
  });

  it('with say: one line when stopping and one when stopped, and a warn-level log quieted meanwhile (info stays)', async () => {
    const lines: string[] = [];
    const quietLog = pino({ level: 'warn' }, { write: () => undefined });
    const signals = new EventEmitter();
    const exits: number[] = [];
    let finish!: () => void;
    onShutdownSignal(() => new Promise<void>((resolve) => (finish = resolve)), quietLog, {
      signals: signals as unknown as Pick<NodeJS.Process, 'on'>,
      exit: (code) => exits.push(code),
      setTimer: () => undefined,
      say: (line) => lines.push(line),
    });
    signals.emit('SIGINT', 'SIGINT');
    expect(lines).toEqual(['stopping (Ctrl-C again to exit at once)...']);
    // clients retrying a broker that is going away log errors: not on the terminal now
    expect(quietLog.level).toBe('fatal');
    finish();
    await flush();
    expect(lines).toEqual(['stopping (Ctrl-C again to exit at once)...', 'stopped']);
    expect(exits).toEqual([0]);

    const verbose = pino({ level: 'info' }, { write: () => undefined });
    const other = new EventEmitter();
    onShutdownSignal(() => Promise.reject(new Error('broker gone')), verbose, {
      signals: other as unknown as Pick<NodeJS.Process, 'on'>,
      exit: () => undefined,
      setTimer: () => undefined,
      say: (line) => lines.push(line),
    });
    other.emit('SIGTERM', 'SIGTERM');
    await flush();
    expect(verbose.level).toBe('info');
    expect(lines.at(-1)).toBe('shutdown failed: broker gone');
  });
});
