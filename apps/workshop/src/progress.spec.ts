import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

let dir: string;
const logger = pino({ level: 'silent' });
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workshop-progress-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Progress', () => {
  it('keeps statuses, failures and hints per step across loads', () => {
    const file = join(dir, 'sub', '.progress.json');
    const p = Progress.load(file, logger);
    expect(p.status('01-a')).toBe('not started');
    p.recordCheck('01-a', false, 'counts per window', new Date('2026-01-01T00:00:00Z'));
    p.recordHintsSeen('01-a', 2);
    p.recordHintsSeen('01-a', 1); // never goes back
    const again = Progress.load(file, logger);
    expect(again.get('01-a')).toEqual({ status: 'failing', checkedAt: '2026-01-01T00:00:00.000Z', failure: 'counts per window', hintsSeen: 2 });
    again.recordCheck('01-a', true, undefined, new Date('2026-01-01T00:01:00Z'));
    expect(Progress.load(file, logger).get('01-a')).toEqual({ status: 'passed', checkedAt: '2026-01-01T00:01:00.000Z', hintsSeen: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
  });

  it('treats a file of another shape as a fresh start', () => {
    const file = join(dir, '.progress.json');
    writeFileSync(file, JSON.stringify({ version: 9, steps: [] }));
    expect(Progress.load(file, logger).status('01-a')).toBe('not started');
  });
});
