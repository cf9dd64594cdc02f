/**
 * Every step's live run on the shared wiring (`startLiveRun`), with its solution, on the embedded
 * broker: the step's topics are created under `ctx.topic`, the simulator feeds the input topic,
 * every query the step shows prints batches into the runner's output, and stop() ends the feed.
 * (`run N` itself is covered with a fixture step in `commands/run.spec.ts`.)
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { type BatchInfo, noopLogger, type Sink, StreamingSession } from '@streamlab/core';
import { createEmbeddedKafka } from '@streamlab/kafka';
import { describe, expect, it } from 'vitest';
import type { StepRunContext } from './step.js';
import { listStepFolders, loadStep } from './steps.js';
import { DEFAULT_PATHS } from './workshop.js';

/** What each output of a run got: its batches' infos and rows. */
type Outputs = Map<string, { mode: string; batches: { rows: unknown[]; info: BatchInfo }[] }>;

/** The outputs each step shows, by the names its README uses. */
const SHOWN: Record<number, string[]> = {
  0: ['animal-counts'],
  1: ['rare-sightings', 'zone-topics'],
  2: ['counts-append', 'counts-update', 'counts-complete'],
  3: ['sliding-counts', 'late-sightings'],
  4: ['zone-status-counts'],
  5: ['results-read-committed'],
};
/** The topics each step writes besides `sightings`. */
const TOPICS: Record<number, string[]> = { 1: ['rare-sightings', 'zone-meadow', 'zone-pond', 'zone-woods', 'zone-gate'], 5: ['window-counts'] };

describe('the steps live, on the shared wiring', () => {
  it.each(listStepFolders(DEFAULT_PATHS.stepsDir).map((f) => [f.number, f] as const))(
    'step %i: its topics exist, its simulator feeds them, each query it shows prints batches, and stop() ends it',
    async (n, folder) => {
      const step = await loadStep(folder);
      const impl = await import(pathToFileURL(step.solution).href);
      const kafka = createEmbeddedKafka(); // the process's broker: what bootstrap servers '' reach
      const prefix = `live${randomUUID().slice(0, 8)}.`;
      const outputs: Outputs = new Map();
      const ctl = new AbortController();
      const ctx: StepRunContext = {
        kafka,
        topic: (name) => `${prefix}${name}`,
        output: <T>(name: string, mode: string): Sink<T> => {
          const out = { mode, batches: [] as { rows: unknown[]; info: BatchInfo }[] };
          outputs.set(name, out);
          return { description: `test[${name}]`, addBatch: (rows, info) => void out.batches.push({ rows: rows.slice(), info }) };
        },
        session: new StreamingSession({ logger: noopLogger }),
        logger: noopLogger,
        signal: ctl.signal,
      };
      const running = await step.def.run(impl, ctx);
      try {
        expect([...outputs.keys()].sort()).toEqual([...SHOWN[n]!].sort());
        const topics = await kafka.admin.listTopics();
        for (const t of ['sightings', ...(TOPICS[n] ?? [])]) expect(topics).toContain(`${prefix}${t}`);
        // every query started under this run's name
        for (const q of running.queries) expect(q.name?.startsWith(prefix)).toBe(true);
        // each output printed a batch, and the run's results have rows
        await expect
          .poll(() => SHOWN[n]!.filter((name) => (outputs.get(name)?.batches.length ?? 0) === 0 && name !== 'late-sightings'), { timeout: 30_000 })
          .toEqual([]);
        await expect.poll(() => [...outputs.values()].some((o) => o.batches.some((b) => b.rows.length > 0)), { timeout: 30_000 }).toBe(true);
        for (const q of running.queries) expect(q.exception ?? null).toBeNull();
      } finally {
        ctl.abort();
        for (const q of running.queries) await q.stop();
        await running.stop?.();
      }
    },
    60_000,
  );
});
