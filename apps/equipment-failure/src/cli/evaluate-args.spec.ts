import { describe, expect, it } from 'vitest';
import { parseEvaluateArgs } from './evaluate-args.js';

describe('parseEvaluateArgs', () => {
  it('takes the defaults, the flags, and a leading -- (npm run -- …)', () => {
    expect(parseEvaluateArgs([])).toEqual({ ok: true, args: { seed: 42, hours: 36, json: false } });
    expect(parseEvaluateArgs(['--', '--seed', '7', '--hours', '1.5', '--json'])).toEqual({ ok: true, args: { seed: 7, hours: 1.5, json: true } });
  });

  it('answers --help with the flags on stdout (exit 0), not a stack trace', () => {
    const r = parseEvaluateArgs(['--help']);
    expect(r).toMatchObject({ ok: false, exitCode: 0 });
    expect(r.ok ? '' : r.text).toMatch(/Usage: evaluate[\s\S]*--seed[\s\S]*--hours[\s\S]*--json/);
    expect(parseEvaluateArgs(['-h'])).toMatchObject({ ok: false, exitCode: 0 });
  });

  it('names an unknown flag or a bad value in one line (exit 2)', () => {
    expect(parseEvaluateArgs(['--bogus'])).toEqual({
      ok: false,
      exitCode: 2,
      text: "evaluate: Unknown option '--bogus' (run with --help to see every option)\n",
    });
    expect(parseEvaluateArgs(['--hours', 'abc'])).toEqual({
      ok: false,
      exitCode: 2,
      text: 'evaluate: --hours must be a positive number of simulated hours, got "abc"\n',
    });
    expect(parseEvaluateArgs(['--seed', '1.5'])).toMatchObject({ ok: false, exitCode: 2, text: 'evaluate: --seed must be an integer, got "1.5"\n' });
    expect(parseEvaluateArgs(['extra'])).toMatchObject({ ok: false, exitCode: 2 });
  });
});
