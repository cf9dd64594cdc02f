import { describe, expect, it } from 'vitest';
import { cellText, columnsOf, watermarkText } from './cells.js';

describe('batch view cells', () => {
  it('shows windows as UTC clock ranges, numbers with separators, objects as JSON, null as null', () => {
    expect(cellText({ start: Date.UTC(2026, 0, 1, 12, 0, 0), end: Date.UTC(2026, 0, 1, 12, 0, 10) })).toBe('12:00:00–12:00:10');
    expect(cellText(1234.5)).toBe('1,234.5');
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText(null)).toBe('null');
    expect(cellText('<b>')).toBe('<b>');
  });

  it('shows no watermark before data, then its UTC time', () => {
    expect(watermarkText(0)).toBe('none yet');
    expect(watermarkText(Date.UTC(2026, 0, 1, 12, 0, 10))).toBe('2026-01-01 12:00:10 UTC');
  });

  it('lists columns in first-seen order', () => {
    expect(
      columnsOf([
        { a: 1, b: 2 },
        { c: 3, a: 4 },
      ]),
    ).toEqual(['a', 'b', 'c']);
  });
});
