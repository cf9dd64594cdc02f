import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';
import { StreamlabError } from './errors.js';

describe('parseDuration', () => {
  it.each([
    ['10 seconds', 10_000],
    ['5 minutes', 300_000],
    ['1 hour', 3_600_000],
    ['2 days', 172_800_000],
    ['1 minute 30 seconds', 90_000],
    ['interval 10 minutes', 600_000],
    ['500 milliseconds', 500],
    [250, 250],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['ten seconds', '10 fortnights', '', '10', -5])('rejects %s naming the bad text', (bad) => {
    expect(() => parseDuration(bad, 'watermark delay')).toThrowError(StreamlabError);
    try {
      parseDuration(bad, 'watermark delay');
    } catch (e) {
      expect((e as StreamlabError).code).toBe('BAD_DURATION');
      expect((e as Error).message).toContain('watermark delay');
    }
  });
});
