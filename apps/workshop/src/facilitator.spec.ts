/**
 * FACILITATOR.md's timing table says what the steps say: a row per step with its title, kind and
 * minutes (from its step.ts), start times that add up, and the totals. A step folder that does
 * not load yet (being written) is left out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listStepFolders, loadSteps } from './steps.js';
import { DEFAULT_PATHS, WORKSHOP_ROOT } from './workshop.js';

interface Row {
  number: number;
  title: string;
  kind: string;
  minutes: number;
  starts: string;
  link: string;
}

const guide = readFileSync(join(WORKSHOP_ROOT, 'FACILITATOR.md'), 'utf8');

function timingRows(): Row[] {
  const section = guide.split(/^## Timing$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => {
      const [number, title, kind, minutes, starts, link] = l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return {
        number: Number(number),
        title: title!,
        kind: kind!,
        minutes: Number(minutes),
        starts: starts!,
        link: /\]\(([^)#]+)/.exec(link ?? '')?.[1] ?? '',
      };
    });
}

const hm = (min: number) => `${Math.floor(min / 60)}:${String(min % 60).padStart(2, '0')}`;
const spoken = (min: number) => `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;

describe('FACILITATOR.md timing', () => {
  it('has a row per step with its title, kind and minutes as in step.ts, and an expected-output link to its README', async () => {
    const rows = timingRows();
    const { steps } = await loadSteps(DEFAULT_PATHS.stepsDir);
    for (const s of steps) {
      const row = rows.find((r) => r.number === s.number);
      expect(
        row,
        `FACILITATOR.md's timing table has no row for step ${s.number}: add | ${s.number} | ${s.def.title} | ${s.def.kind} | ${s.def.minutes} | … |`,
      ).toBeDefined();
      expect({ title: row!.title, kind: row!.kind, minutes: row!.minutes }, `step ${s.number}'s row in FACILITATOR.md`).toEqual({
        title: s.def.title,
        kind: s.def.kind,
        minutes: s.def.minutes,
      });
    }
    const folders = new Map(listStepFolders(DEFAULT_PATHS.stepsDir).map((f) => [f.number, f]));
    for (const r of rows) {
      expect(folders.has(r.number), `FACILITATOR.md lists step ${r.number}, which has no folder in steps/`).toBe(true);
      expect(r.link, `step ${r.number}'s expected-output link`).toBe(`steps/${folders.get(r.number)!.id}/README.md`);
      expect(existsSync(join(WORKSHOP_ROOT, r.link)) || folders.get(r.number)!.missing.includes('README.md')).toBe(true);
    }
  });

  it('has start times that add up and the right totals', () => {
    const rows = timingRows();
    let at = 0;
    for (const r of rows) {
      expect(r.starts, `step ${r.number} starts at`).toBe(hm(at));
      at += r.minutes;
    }
    const core = rows.filter((r) => r.kind !== 'bonus').reduce((n, r) => n + r.minutes, 0);
    expect(guide).toContain(`The exercises take ${spoken(core)}; with `);
    expect(guide).toContain(`bonus step${rows.filter((r) => r.kind === 'bonus').length === 1 ? '' : 's'}, ${spoken(at)}.`);
  });
});
