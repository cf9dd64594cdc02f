import { describe, expect, it } from 'vitest';
import { cleanMessage, readFailure, readReport } from './run-checks.js';

const ESC = String.fromCharCode(27);

describe('reading the checks report', () => {
  it('names a failing check by its describe blocks and title, and keeps its message without colours or stack', () => {
    const result = readReport({
      numTotalTests: 2,
      testResults: [
        {
          name: '/x/check.spec.ts',
          status: 'failed',
          assertionResults: [
            { title: 'passes', ancestorTitles: ['Step'], status: 'passed', failureMessages: [] },
            {
              title: 'counts per window',
              ancestorTitles: ['Step', 'update mode'],
              status: 'failed',
              failureMessages: [`Error: after input batch 1:\n  - window 12:00–12:10: expected count 2, got 1\n    at check.spec.ts:12:3\n    at run (vitest)`],
            },
          ],
        },
      ],
    });
    expect(result).toEqual({
      passed: false,
      total: 2,
      failures: [{ name: 'Step › update mode › counts per window', message: 'after input batch 1:\n  - window 12:00–12:10: expected count 2, got 1' }],
    });
  });

  it("takes the check's own hint out of its message, even after a list of problems longer than the message is cut to", () => {
    const problems = Array.from({ length: 30 }, (_, i) => `  - window ${i}: expected count 2, got 1`).join('\n');
    const result = readReport({
      numTotalTests: 1,
      testResults: [
        {
          name: '/x/check.spec.ts',
          status: 'failed',
          assertionResults: [
            {
              title: 'counts',
              ancestorTitles: [],
              status: 'failed',
              failureMessages: [`Error: after input batch 1:\n${problems}\n  hint: the watermark is max(ts) - 5 minutes\n    at check.spec.ts:12:3`],
            },
          ],
        },
      ],
    });
    const failure = result.failures[0]!;
    expect(failure.hint).toBe('the watermark is max(ts) - 5 minutes');
    expect(failure.message.split('\n')).toHaveLength(20);
    expect(failure.message).not.toContain('hint');
    expect(readFailure('Error: expected 2 to be 4\n    at x.ts:1:1')).toEqual({ message: 'expected 2 to be 4' });
  });

  it('makes a check file that does not load one failure, and an empty one too', () => {
    expect(
      readReport({ numTotalTests: 0, testResults: [{ name: 'f', status: 'failed', message: 'SyntaxError: Unexpected token', assertionResults: [] }] }).failures,
    ).toEqual([{ name: 'loading the checks', message: 'SyntaxError: Unexpected token' }]);
    expect(readReport({ numTotalTests: 0, testResults: [] })).toEqual({
      passed: false,
      total: 0,
      failures: [{ name: 'finding the checks', message: 'check.spec.ts has no checks' }],
    });
  });

  it('strips ANSI colours and the assertion prefix', () => {
    expect(cleanMessage(`AssertionError: ${ESC}[31mexpected 2 to be 4${ESC}[39m\n ❯ check.spec.ts:3:1`)).toBe('expected 2 to be 4');
  });
});
