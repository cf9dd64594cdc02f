/**
 * Checks of Bonus 5: the query is killed right after the sink wrote its first results and before
 * the checkpoint recorded them, then restarted from its checkpoint directory; the output topic, read
 * as a `read_committed` consumer would, must hold every final window count exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamingSession } from '@streamlab/core';
import { ManualClock } from '@streamlab/core/testing';
import { createEmbeddedKafka } from '@streamlab/kafka';
import { afterAll, describe, it } from 'vitest';
import { assertNoProblems, atMs, checkFailed, compareRows, implementation, readTopic, sighting, uniqueTopic, windowName } from '../../src/checks.js';
import { crashBeforeCommit } from '../../src/crash.js';
import type { Sighting } from '../../src/sightings.js';
import type { WindowCount } from './solution.js';

const impl = await implementation<typeof import('./solution.js')>(import.meta.url);
const kafka = createEmbeddedKafka(); // what kafka.bootstrap.servers '' reaches
const dirs: string[] = [];
afterAll(async () => {
  await kafka.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const animals = ['dog', 'cat', 'fox', 'dog', 'heron', 'dog', 'deer'];
/** Sightings every 30 s from `from` (HH:MM) for `minutes`, cycling through the animals. */
function minutesOf(first: number, from: string, minutes: number): Sighting[] {
  const start = atMs(from);
  return Array.from({ length: minutes * 2 }, (_, i) => {
    const t = new Date(start + i * 30_000).toISOString().slice(11, 19);
    return sighting(`s-${first + i}`, t, animals[(first + i) % animals.length]!);
  });
}
/** Three phases: before the crash, the batch the crash hits, while the query is down. */
const phases = [minutesOf(0, '12:00', 10), minutesOf(100, '12:10', 10), [...minutesOf(200, '12:20', 10), sighting('s-999', '12:45', 'owl')]];

/** The final counts: every window the last watermark (12:40) closed, counted over the whole input. */
function expectedCounts(): WindowCount[] {
  const m = new Map<string, WindowCount>();
  for (const s of phases.flat()) {
    const t = Date.parse(s.ts);
    const start = t - (t % 600_000);
    if (start + 600_000 > atMs('12:40')) continue; // still open: append has not emitted it
    const k = `${s.animal}@${start}`;
    const c = m.get(k);
    if (c) c.count += 1;
    else m.set(k, { window: { start, end: start + 600_000 }, animal: s.animal, count: 1 });
  }
  return [...m.values()];
}

async function send(topic: string, rows: Sighting[]) {
  await kafka.producer().send(rows.map((s) => ({ topic, key: s.camera, value: JSON.stringify(s) })));
}

describe('Bonus 5: fault tolerance', () => {
  it('killed after the sink wrote a batch, restarted from the checkpoint: every window count exactly once', async () => {
    const input = uniqueTopic('ft-sightings');
    const output = uniqueTopic('ft-counts');
    const name = uniqueTopic('ft-query');
    const dir = mkdtempSync(join(tmpdir(), 'workshop-05-'));
    dirs.push(dir);
    await kafka.admin.createTopics([{ topic: input, partitions: 3 }]);
    const clock = new ManualClock(atMs('12:00'));

    // Run 1: dies before writing the commit of the first batch whose output reached Kafka.
    const crashing = crashBeforeCommit(dir, async () => (await readTopic(kafka, output)).length > 0);
    const first = impl
      .pipeline('', input, output, dir)
      .queryName(name)
      .session(new StreamingSession({ clock, checkpointFileManager: crashing }))
      .start();
    await send(input, phases[0]!);
    await first.processAllAvailable().catch(() => undefined);
    await send(input, phases[1]!);
    await first.processAllAvailable().catch(() => undefined);
    const crashed = crashing.crashed;
    if (crashed) await first.awaitTermination().catch(() => undefined); // it died of the crash
    await first.stop();

    // While it is down, more sightings arrive; run 2 is the same query on the same directory.
    await send(input, phases[2]!);
    const second = impl.pipeline('', input, output, dir).queryName(name).session(new StreamingSession({ clock })).start();
    await second.processAllAvailable().catch(() => undefined);
    const failed = second.exception;
    await second.stop();
    if (failed) {
      throw checkFailed(
        `the restarted query failed: ${failed.message}`,
        'the restart is the same pipeline on the same checkpoint directory: it resumes from its last commit (keep checkpointLocation and the query name as given)',
      );
    }

    const written = (await readTopic(kafka, output, 'read_committed')).map((r) => JSON.parse(r.value ?? 'null') as WindowCount);
    const problems = compareRows(expectedCounts(), written, {
      name: (r) => `window ${windowName(r.window)}, animal ${r.animal}`,
      value: (r) => r.count,
      valueName: 'count',
    }).map((p) => p.replace(/expected one row \(count (\d+)\), got (\d+) rows/, 'expected it once (count $1), the topic has it $2 times'));
    if (!crashed) {
      problems.unshift(
        'the first run never reached its simulated crash (a failed write of commits/N in its checkpoint directory): with no checkpointLocation it wrote no checkpoint, and its restart started over',
      );
    }
    assertNoProblems(
      problems,
      `the output topic (read_committed) after a crash at ${crashing.crashedAt ?? 'no commit'} and a restart`,
      "the writer needs .option('checkpointLocation', checkpointDir) to resume, and .option('guarantee', 'exactly-once') so the replayed batch is not written twice",
    );
  });
});
