import { describe, expect, it } from 'vitest';
import { parseHints } from './hints.js';

describe('parseHints', () => {
  it('takes the numbered list under ## Hints, items with their continuation lines and code blocks', () => {
    const readme = [
      '# Windows',
      '',
      '1. Not a hint: before the section.',
      '',
      '## Hints',
      '',
      '1. Group by `window(...)`.',
      '2. The watermark goes first:',
      '   ```ts',
      "   stream.withWatermark('ts', '10 minutes')",
      '   # not a heading inside a code block',
      '   ```',
      '3) Last one.',
      '',
      '## What you should see',
      '',
      '1. Not a hint either.',
    ].join('\n');
    expect(parseHints(readme)).toEqual([
      'Group by `window(...)`.',
      "The watermark goes first:\n```ts\nstream.withWatermark('ts', '10 minutes')\n# not a heading inside a code block\n```",
      'Last one.',
    ]);
  });

  it('is empty without the section', () => {
    expect(parseHints('# Step\n\n1. a\n')).toEqual([]);
  });
});
