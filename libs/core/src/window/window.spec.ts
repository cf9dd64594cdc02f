import { describe, expect, it } from 'vitest';
import { StreamlabError } from '../errors.js';
import { alignedStart, window, windowStartsFor } from './window.js';

describe('window()', () => {
  it('tumbling: one window per row, aligned to the epoch', () => {
    const w = window('ts', '10 seconds');
    expect(w.sizeMs).toBe(10_000);
    expect(w.slideMs).toBe(10_000);
    expect(windowStartsFor(w, 12_345)).toEqual([10_000]);
  });

  it('a row exactly on a boundary belongs to the window that starts there', () => {
    const w = window('ts', '10 seconds', '5 seconds');
    expect(windowStartsFor(w, 10_000)).toEqual([5_000, 10_000]);
    expect(windowStartsFor(window('ts', 10_000), 20_000)).toEqual([20_000]);
  });

  it('sliding: ceil(size / slide) windows, oldest first', () => {
    expect(windowStartsFor(window('ts', '10 minutes', '5 minutes'), Date.parse('2021-12-01T12:07:00Z'))).toEqual([
      Date.parse('2021-12-01T12:00:00Z'),
      Date.parse('2021-12-01T12:05:00Z'),
    ]);
    expect(windowStartsFor(window('ts', 10, 3), 10)).toEqual([3, 6, 9]);
    expect(windowStartsFor(window('ts', 10, 3), 11)).toEqual([3, 6, 9]);
    expect(windowStartsFor(window('ts', 10, 3), 12)).toEqual([3, 6, 9, 12]);
  });

  it('startOffset shifts the alignment', () => {
    const w = window('ts', '1 hour', '1 hour', '15 minutes');
    expect(windowStartsFor(w, Date.parse('2021-12-01T12:10:00Z'))).toEqual([Date.parse('2021-12-01T11:15:00Z')]);
    expect(windowStartsFor(w, Date.parse('2021-12-01T12:15:00Z'))).toEqual([Date.parse('2021-12-01T12:15:00Z')]);
    expect(windowStartsFor(window('ts', 10, 10, '-2 ms'), 9)).toEqual([8]);
  });

  it('handles negative event times (before the epoch)', () => {
    expect(alignedStart(-1, 10, 0)).toBe(-10);
    expect(windowStartsFor(window('ts', 10, 5), -1)).toEqual([-10, -5]);
  });

  it('panes are gcd(size, slide)', () => {
    expect(window('ts', '10 minutes', '4 minutes').paneMs).toBe(120_000);
    expect(window('ts', '6 minutes', '1 minute').paneMs).toBe(60_000);
  });

  it.each([
    [() => window('ts', 0), 'size'],
    [() => window('ts', '5 minutes', '10 minutes'), 'slide'],
    [() => window('ts', 10, 5, 5), 'startOffset'],
    [() => window('ts', 'ten minutes'), 'window size'],
  ])('rejects bad arguments with BAD_WINDOW/BAD_DURATION naming them (%#)', (make, what) => {
    try {
      make();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StreamlabError);
      expect(['BAD_WINDOW', 'BAD_DURATION']).toContain((e as StreamlabError).code);
      expect((e as Error).message).toContain(what);
    }
  });
});
