import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgressBar, startTaskBar } from './progress.js';

describe('startProgressBar', () => {
  it('draws records, rate and event time on a terminal', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let text = '';
    tty.on('data', (d: Buffer) => (text += d.toString()));
    const bar = startProgressBar(tty);
    bar.update({
      stats: { generated: 0, emitted: 12_345, labelled: 0, outOfOrder: 0, late: 0, duplicates: 0, malformed: 0, incidents: {} },
      simulatedMs: Date.UTC(2026, 0, 5, 3),
      fraction: 0.5,
      elapsedMs: 5_000,
    });
    bar.stop();
    expect(text).toMatch(/50% \| 12,345 records \| 2,469 records\/s \| event time 2026-01-05T03:00:00/);
  });

  it('stays silent when the stream is not a terminal (piped output)', () => {
    const pipe = new PassThrough();
    let text = '';
    pipe.on('data', (d: Buffer) => (text += d.toString()));
    const bar = startProgressBar(pipe);
    bar.update({
      stats: { generated: 0, emitted: 1, labelled: 0, outOfOrder: 0, late: 0, duplicates: 0, malformed: 0, incidents: {} },
      simulatedMs: 0,
      fraction: 1,
      elapsedMs: 1,
    });
    bar.stop();
    expect(text).toBe('');
  });
});

describe('startTaskBar', () => {
  it('draws the label, the fraction and the detail on a terminal, and nothing when piped', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let text = '';
    tty.on('data', (d: Buffer) => (text += d.toString()));
    const bar = startTaskBar(tty, 'evaluate');
    bar.update(0.25, '7 of 30 simulated minutes');
    bar.stop();
    expect(text).toMatch(/evaluate .*25% \| 7 of 30 simulated minutes/);

    const pipe = new PassThrough();
    let piped = '';
    pipe.on('data', (d: Buffer) => (piped += d.toString()));
    const quiet = startTaskBar(pipe, 'evaluate');
    quiet.update(1, 'done');
    quiet.stop();
    expect(piped).toBe('');
  });
});
