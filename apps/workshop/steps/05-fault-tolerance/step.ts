/**
 * Bonus 5 live: the window counts go from Kafka to Kafka with a checkpoint directory. Twenty
 * seconds in, the query is killed at the worst moment (after its sink wrote a batch, before the
 * checkpoint recorded it) and restarted on the same directory. A second query reads the output
 * topic as a `read_committed` consumer and counts the copies of each window's result: always 1.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, max, noopLogger, readStream, type StreamingQuery, StreamingSession } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { crashBeforeCommit } from '../../src/crash.js';
import { startLiveRun } from '../../src/live-run.js';
import { defineStep } from '../../src/step.js';
import type { WindowCount } from './solution.js';

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export default defineStep<typeof import('./solution.js')>({
  title: 'Fault tolerance',
  chapter: '6. Fault tolerance and reliability',
  minutes: 30,
  kind: 'bonus',
  async run(impl, ctx) {
    // A new checkpoint each run. The query name is the exactly-once sink's transactional id, whose
    // last committed batch id lives on the broker: on a shared broker every run has its own topics
    // and query names (ctx.topic), so a rerun never takes an earlier run's batches for its own.
    const live = await startLiveRun(ctx, { feed: { ratePerSec: 5, speed: 120 }, topics: { 'window-counts': 1 } });
    const output = live.topic('window-counts');
    const dir = mkdtempSync(join(tmpdir(), 'workshop-05-'));
    ctx.logger.info({ checkpointLocation: dir }, 'window counts checkpoint directory');

    let armed = false;
    const crashing = crashBeforeCommit(dir, () => armed);
    const start = (session: StreamingSession) =>
      impl.pipeline(live.servers, live.input, output, dir).queryName(output).trigger({ processingTime: '2 seconds' }).session(session).start();
    // The query that gets killed runs in a session of its own (its file manager is the one that
    // crashes; its failure is the planned kill, so it is not reported as an error) and is not
    // handed to the runner, which would end the run when it fails: stop() stops it.
    const counting: StreamingQuery[] = [start(new StreamingSession({ clock: ctx.session.clock, logger: noopLogger, checkpointFileManager: crashing }))];
    // The kill: a timer at the edge of the live run (the checks use no timer: they crash on a condition).
    const kill = setTimeout(() => {
      armed = true;
    }, 20_000);
    counting[0]!.awaitTermination().catch((err: Error) => {
      if (!crashing.crashed) return ctx.logger.error({ err }, 'window-counts failed');
      if (ctx.signal.aborted) return;
      ctx.logger.warn({ crashedAt: crashing.crashedAt, checkpointLocation: dir }, 'window-counts was killed; restarting it on the same checkpoint');
      counting.push(start(ctx.session));
    });

    // The consumer's view: read_committed, and how many copies of each window's result it sees.
    const results = readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', live.servers)
      .option('subscribe', output)
      .option('startingOffsets', 'earliest')
      .option('kafka.isolation.level', 'read_committed')
      .load<KafkaRow>()
      .map((r) => {
        const c = JSON.parse(r.value?.toString('utf8') ?? 'null') as WindowCount;
        return { window: `${hhmm(c.window.start)}-${hhmm(c.window.end)}`, animal: c.animal, count: c.count };
      })
      .groupBy('window', 'animal')
      .agg({ count: max('count'), copies: count() });
    return live.running([live.show(results, 'results-read-committed', 'update', '2 seconds')], async () => {
      clearTimeout(kill);
      for (const q of counting) await q.stop();
    });
  },
});
