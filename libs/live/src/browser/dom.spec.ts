import { describe, expect, it } from 'vitest';
import { formatDuration, get, text, toMs, xValue } from './dom.js';
import { windowStatus } from './windows-table.js';
import { severityOf } from './alerts.js';

describe('dashboard value helpers', () => {
  it('reads dotted paths and windows', () => {
    expect(get({ a: { b: 2 } }, 'a.b')).toBe(2);
    expect(get({ a: 1 }, 'a.b')).toBeUndefined();
    expect(xValue({ window: { start: 5, end: 10 } }, 'window')).toBe(5);
    expect(xValue({ ts: '1970-01-01T00:00:01Z' }, 'ts')).toBe(1000);
  });

  it('turns values into display text, never markup', () => {
    expect(text('<b>x</b>')).toBe('<b>x</b>');
    expect(text({ a: 1 })).toBe('{"a":1}');
    expect(text(null)).toBe('');
    expect(toMs(new Date(7))).toBe(7);
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
  });

  it('a window is finalized once the watermark reaches its end', () => {
    expect(windowStatus({ start: 0, end: 10 }, 9)).toBe('open');
    expect(windowStatus({ start: 0, end: 10 }, 10)).toBe('final');
  });

  it('maps unknown severities to info', () => {
    expect(severityOf('HIGH')).toBe('high');
    expect(severityOf('"><script>')).toBe('info');
  });
});
