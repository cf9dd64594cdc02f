/** Reads the conformance cases and the fixtures Spark wrote (tools/spark-conformance/). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case, CaseFile, Fixture } from './dsl.js';

/** tools/spark-conformance in this repo. */
export const TOOL_DIR = fileURLToPath(new URL('../../../../../tools/spark-conformance/', import.meta.url));

/**
 * Every case of every family file, in file then case order.
 *
 * @example
 * loadCases().map((c) => c.id);
 */
export function loadCases(dir = join(TOOL_DIR, 'cases')): (Case & { family: string })[] {
  const out: (Case & { family: string })[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CaseFile;
    for (const c of file.cases) out.push({ ...c, family: file.family });
  }
  return out;
}

/**
 * The fixtures by case id.
 *
 * @example
 * loadFixtures().get('window-tumbling-append')?.result;
 */
export function loadFixtures(dir = join(TOOL_DIR, 'fixtures')): Map<string, Fixture> {
  const out = new Map<string, Fixture>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const fixture = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture;
    out.set(fixture.id, fixture);
  }
  return out;
}
