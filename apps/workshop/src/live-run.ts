/**
 * The wiring every step's live run shares (its `step.ts` calls it): the step's topics, the
 * simulator feeding `sightings` until Ctrl-C, Exercise 1's reader for the steps after it, and a
 * query started into the runner's output under its name. A step's `run` says only what is its own:
 * which of the learner's functions make the queries, their modes and triggers.
 *
 * Topic and query names are the ones the READMEs teach (`sightings`, `rare-sightings`, …); the
 * runner's `ctx.topic` makes them this attendee's and this run's.
 */
import '@streamlab/kafka'; // registers readStream.format('kafka')
import { type DataStreamWriter, type OutputMode, readStream, type Stream, type StreamingQuery } from '@streamlab/core';
import type { KafkaRow } from '@streamlab/kafka';
import { bootstrapServers, type FeedOptions, feedSightings, fromJson, type Sighting, SightingSchema } from './sightings.js';
import type { RunningStep, StepRunContext } from './step.js';

/** The topic the simulator feeds, as the READMEs name it. */
export const INPUT_TOPIC = 'sightings';

export interface LiveRunOptions {
  /** The simulator's pace and disorder (it feeds `sightings`, 3 partitions, until Ctrl-C). */
  feed: Omit<FeedOptions, 'signal'>;
  /** The other topics the run writes, by the name the README teaches, with their partitions. */
  topics?: Record<string, number>;
}

/** A step's live run in progress: names, the reader, and how to start and hand back its queries. */
export interface LiveRun {
  /** `kafka.bootstrap.servers` for the learner's readers and writers (`''`: the embedded broker). */
  servers: string;
  /** This run's name of the input topic (`ctx.topic('sightings')`). */
  input: string;
  /** This run's name of a topic the README names `name`. */
  topic(name: string): string;
  /** Exercise 1's reader, given to the later steps: the input topic from its start, parsed (bad records dropped). */
  sightings(): Stream<Sighting>;
  /**
   * Starts `stream` into the runner's output (Spark's console batches, and the page with `--ui`)
   * as the query `name`, in `mode`, one micro-batch every `every` (e.g. `'2 seconds'`).
   */
  show<T>(stream: Stream<T>, name: string, mode: OutputMode, every: string): StreamingQuery;
  /** Starts a writer the learner built (its sink is theirs, e.g. Kafka) as the query `name` in the run's session. */
  start<T>(writer: DataStreamWriter<T>, name: string): StreamingQuery;
  /** What the step's `run` returns: its queries, and a stop that runs `extra` then ends the feed. */
  running(queries: StreamingQuery[], extra?: () => Promise<void> | void): RunningStep;
}

/**
 * Creates the step's topics, starts the simulator on the input topic and returns the run's helpers.
 *
 * @example
 * async run(impl, ctx) {
 *   const live = await startLiveRun(ctx, { feed: { ratePerSec: 5 } });
 *   const query = live.show(impl.countPerAnimal(live.sightings()), 'animal-counts', 'complete', '2 seconds');
 *   return live.running([query]);
 * }
 */
export async function startLiveRun(ctx: StepRunContext, opts: LiveRunOptions): Promise<LiveRun> {
  const servers = bootstrapServers(ctx.kafka);
  const input = ctx.topic(INPUT_TOPIC);
  const others = Object.entries(opts.topics ?? {}).map(([name, partitions]) => ({ topic: ctx.topic(name), partitions }));
  await ctx.kafka.admin.createTopics([{ topic: input, partitions: 3 }, ...others]);
  const feeding = new AbortController();
  const abort = () => feeding.abort();
  ctx.signal.addEventListener('abort', abort, { once: true });
  const feed = feedSightings(ctx.kafka, input, { ...opts.feed, signal: feeding.signal });
  return {
    servers,
    input,
    topic: (name) => ctx.topic(name),
    sightings: () =>
      readStream
        .format('kafka')
        .option('kafka.bootstrap.servers', servers)
        .option('subscribe', input)
        .option('startingOffsets', 'earliest')
        .load<KafkaRow>()
        .flatMap((r): Sighting[] => {
          const s = fromJson(SightingSchema, r.value === null ? null : r.value.toString('utf8'));
          return s === null ? [] : [s];
        }),
    show: (stream, name, mode, every) =>
      stream.writeStream
        .outputMode(mode)
        .queryName(ctx.topic(name))
        .trigger({ processingTime: every })
        .sink(ctx.output(name, mode))
        .session(ctx.session)
        .start(),
    start: (writer, name) => writer.queryName(ctx.topic(name)).session(ctx.session).start(),
    running: (queries, extra) => ({
      queries,
      stop: async () => {
        try {
          await extra?.();
        } finally {
          ctx.signal.removeEventListener('abort', abort);
          feeding.abort();
          await feed;
        }
      },
    }),
  };
}
