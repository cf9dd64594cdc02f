import { describe, expect, it } from 'vitest';
import { formatDuration, formatWindow, get, text, toMs, xValue } from './dom.js';
import { windowStatus } from './windows-table.js';
import { severityOf } from './alerts.js';

describe('dashboard value helpers', () => {
  it('formats a window of whole minutes without seconds, any other with them, an unknown one as –', () => {
    const t = (hms: string) => new Date(`2026-01-01T${hms}`).getTime(); // local time, as the page shows it
    expect(formatWindow(t('09:04:00'), t('09:05:00'))).toBe('09:04–09:05');
    expect(formatWindow(t('09:04:10'), t('09:04:20'))).toBe('09:04:10–09:04:20');
    expect(formatWindow(t('09:04:00'), t('09:04:30'))).toBe('09:04:00–09:04:30');
    expect(formatWindow(Number.NaN, t('09:05:00'))).toBe('–');
  });

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
