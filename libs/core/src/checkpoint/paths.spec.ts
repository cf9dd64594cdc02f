import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinPath, parentPath } from './paths.js';

describe('joinPath', () => {
  it('joins as POSIX path.join', () => {
    const cases: string[][] = [
      ['/cp', 'offsets'],
      ['/cp/', 'state', '0'],
      ['cp', 'metadata'],
      ['./cp', 'a'],
      ['/tmp/x/../y', 'z'],
      ['a', '', 'b'],
      ['/'],
      ['.'],
      ['a/b/', '..', 'c'],
    ];
    for (const parts of cases) expect(joinPath(...parts)).toBe(posix.join(...parts));
  });

  it('parentPath is dirname', () => {
    for (const p of ['/cp/offsets/3', '/cp', 'cp/a', 'a']) expect(parentPath(p)).toBe(posix.dirname(p));
  });
});
