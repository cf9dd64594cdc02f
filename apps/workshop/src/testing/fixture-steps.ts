/**
 * Fixture steps for the runner's specs, written to a fresh folder under `apps/workshop/.cache/`
 * (inside the workspace, so their imports of `vitest` and `@streamlab/*` resolve):
 * - `00-double` (example): `double(n)`, whose starter is wrong; checks without a live run.
 * - `01-clicks` (exercise): clicks per page in 10-second windows; its live run feeds a topic in
 *   three rounds (the last one late) and names a page `<img …>` (the page must show it as text).
 * - `02-extra` (bonus): passes as shipped.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSHOP_ROOT } from '../workshop.js';

/** The page name of the fixture's clicks that must show as text. */
export const XSS_PAGE = '<img src=x onerror="window.__xss=1">';

/**
 * The global a spec may set to `(round) => Promise<void>`: the clicks step's feed waits for it
 * before each of its rounds (so a page under test sees each batch on its own).
 */
export const FEED_GATE = '__workshopFixtureFeedGate';

const readme = (title: string, hints: string[]) =>
  `# ${title}\n\nWhat to do.\n\n## Hints\n\n${hints.map((h, i) => `${i + 1}. ${h}`).join('\n')}\n\n## What you should see\n\nRows.\n`;

const doubleCheck = `import { expect, it } from 'vitest';

const impl = process.env.WORKSHOP_IMPL === 'solution' ? await import('./solution.ts') : await import('./exercise.ts');

it('double(2) is 4', () => {
  expect(impl.double(2), 'double(n) returns n times 2').toBe(4);
});

it('double(0) is 0', () => {
  expect(impl.double(0)).toBe(0);
});
`;

const clicksStep = `import { Stream } from '@streamlab/core';
import { ensureTopics, kafkaSource, type KafkaClient } from '@streamlab/kafka';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (s: number) => T0 + s * 1000;
interface Click { ts: number; page: string }
const ROUNDS: Click[][] = [
  [{ ts: at(1), page: 'home' }, { ts: at(2), page: 'home' }, { ts: at(5), page: ${JSON.stringify(XSS_PAGE)} }],
  [{ ts: at(31), page: 'home' }],
  [{ ts: at(3), page: 'home' }],
];

async function feed(kafka: KafkaClient, topic: string, query: { processAllAvailable(): Promise<void> }, signal: AbortSignal) {
  // A spec can hold each round until its page has shown the last one (see FEED_GATE).
  const gate = (globalThis as { [k: string]: unknown })[${JSON.stringify(FEED_GATE)}] as ((round: number) => Promise<void>) | undefined;
  const producer = kafka.producer();
  await producer.connect();
  for (const [i, round] of ROUNDS.entries()) {
    await gate?.(i);
    if (signal.aborted) break;
    await producer.send(round.map((c) => ({ topic, key: c.page, value: JSON.stringify(c) })));
    await query.processAllAvailable();
  }
  await producer.close();
}

export default {
  title: 'Clicks per page',
  chapter: '3. Windows and watermarks',
  minutes: 15,
  kind: 'exercise' as const,
  async run(impl: { clicksPerPage(s: Stream<Click>): Stream<Record<string, unknown>> }, ctx: import('../../../src/step.ts').StepRunContext) {
    const topic = ctx.topic('clicks');
    await ensureTopics(ctx.kafka, [{ topic, partitions: 1 }]);
    const clicks = Stream.fromSource(
      kafkaSource({ client: ctx.kafka, subscribe: topic, startingOffsets: 'earliest', decode: (r) => ({ ok: true, value: JSON.parse(String(r.value)) as Click }) }),
    );
    const query = impl.clicksPerPage(clicks).writeStream.session(ctx.session).outputMode('update').queryName('clicks').sink(ctx.output('clicks', 'update')).start();
    const fed = feed(ctx.kafka, topic, query, ctx.signal).catch((err: unknown) => ctx.logger.warn({ err }, 'feed failed'));
    return { queries: [query], stop: () => fed };
  },
};
`;

const clicksSolution = `import { count, window, type Stream } from '@streamlab/core';

export function clicksPerPage(clicks: Stream<{ ts: number; page: string }>) {
  return clicks.withWatermark('ts', '10 seconds').groupBy(window('ts', '10 seconds'), 'page').agg({ clicks: count() });
}
`;

const clicksExercise = `import { count, type Stream } from '@streamlab/core';

export function clicksPerPage(clicks: Stream<{ ts: number; page: string }>) {
  // TODO: count per 10-second window, with a 10-second watermark
  return clicks.groupBy('page').agg({ clicks: count() });
}
`;

const clicksCheck = `import { expect, it } from 'vitest';

it('has the clicksPerPage export', async () => {
  const impl = process.env.WORKSHOP_IMPL === 'solution' ? await import('./solution.ts') : await import('./exercise.ts');
  expect(typeof impl.clicksPerPage).toBe('function');
});
`;

const simpleStep = (title: string, kind: string) => `export default {
  title: ${JSON.stringify(title)},
  chapter: '1. Basics',
  minutes: 5,
  kind: ${JSON.stringify(kind)},
  async run() {
    return { queries: [] };
  },
};
`;

export interface FixtureSteps {
  root: string;
  stepsDir: string;
  progressFile: string;
  /** The folder of a fixture step, e.g. `dir('00-double')`. */
  dir(id: string): string;
  remove(): void;
}

/**
 * @example
 * const fx = fixtureSteps();
 * const w = testWorkshop(fx); // see ./workshop-fixture.ts
 * fx.remove();
 */
export function fixtureSteps(): FixtureSteps {
  const base = join(WORKSHOP_ROOT, '.cache');
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(join(base, 'fixture-'));
  const stepsDir = join(root, 'steps');
  const files: Record<string, Record<string, string>> = {
    '00-double': {
      'README.md': readme('Double', ['Multiply by two.', 'Like this:\n   ```ts\n   return n * 2;\n   ```']),
      'exercise.ts': 'export function double(n: number): number {\n  // TODO: double it\n  return n;\n}\n',
      'solution.ts': 'export function double(n: number): number {\n  return n * 2;\n}\n',
      'check.spec.ts': doubleCheck,
      'step.ts': simpleStep('Double', 'example'),
    },
    '01-clicks': {
      'README.md': readme('Clicks per page', ['Use window().', 'Add withWatermark.', 'See solution.']),
      'exercise.ts': clicksExercise,
      'solution.ts': clicksSolution,
      'check.spec.ts': clicksCheck,
      'step.ts': clicksStep,
    },
    '02-extra': {
      'README.md': '# Extra\n\nNo hints here.\n',
      'exercise.ts': 'export const answer = 42;\n',
      'solution.ts': 'export const answer = 42;\n',
      'check.spec.ts': "import { expect, it } from 'vitest';\nimport { answer } from './exercise.ts';\n\nit('answers', () => expect(answer).toBe(42));\n",
      'step.ts': simpleStep('Extra', 'bonus'),
    },
  };
  for (const [id, content] of Object.entries(files)) {
    mkdirSync(join(stepsDir, id), { recursive: true });
    for (const [name, text] of Object.entries(content)) writeFileSync(join(stepsDir, id, name), text);
  }
  return {
    root,
    stepsDir,
    progressFile: join(root, '.progress.json'),
    dir: (id) => join(stepsDir, id),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
