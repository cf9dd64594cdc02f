/**
 * The wiring every use case needs, in one place: its topics created before the queries subscribe,
 * typed Kafka readers that start where the topics end now, dashboard queries named and published
 * by their handles, the dead-letter view, the simulator paced in real time on the hub's broker,
 * and one stop for all of it. An app's `start` says only what is its own: which streams, from
 * which pipelines, go to which handle.
 *
 * @example
 * start: async (ctx) => {
 *   const kit = await useCaseKit(ctx, { topics: [{ topic: 'grid.readings', deadLetters: true }] });
 *   const readings = (reader: string) => kit.read('grid.readings', reader, { decode: decodeJson(readingSchema) });
 *   kit.publish(queries.averages, sourceAverages(readings('averages')), 'update');
 *   kit.deadLetters(queries.deadLetters, 'grid.readings');
 *   kit.simulate(gridModel, { topic: 'grid.readings', ratePerSec: 20 });
 *   return kit.running();
 * }
 */
import { type OutputMode, type Sink, Stream, StreamingSession, type StreamingQuery, type TriggerOptions } from '@streamlab/core';
import { kafkaOutput, type Model, runSimulation, type RunSummary, Simulation, type SimulationInput } from '@streamlab/datagen';
import { type Decoder, deadLetterTopic, endOffsets, ensureTopics, type KafkaClient, kafkaSource, type TopicDeclaration } from '@streamlab/kafka';
import { deadLetterQuery, type DeadLetterRow } from './dead-letters.js';
import type { LiveQuery } from './queries.js';
import { liveSink, type RunningUseCase, type UseCaseContext } from './use-case.js';
import type { SocketioSinkOptions } from './socketio-sink.js';

/** Live dashboards refresh twice a second; a query with no new input does no work. */
export const KIT_TRIGGER: TriggerOptions = { processingTime: '500 milliseconds' };

export interface KitOptions {
  /** The use case's topics, created (with their dead-letter topics) if missing. */
  topics: readonly TopicDeclaration[];
  /** The trigger of every query the kit starts (default every 500 ms). */
  trigger?: TriggerOptions;
}

export interface ReadOptions<T> {
  /** Records to rows, e.g. `decodeJson(schema)`: records that do not decode are counted, never fatal. */
  decode: Decoder<T>;
  /** The rows' event-time field, for the source's per-partition event-time stats. */
  eventTimeField?: keyof T & string;
  /**
   * Whether this reader writes the records that do not decode to the topic's dead-letter topic.
   * Default: the first reader of a topic declared with `deadLetters` does, the others only count
   * them, so each bad record is dead-lettered once.
   */
  deadLetters?: boolean;
  /** `read_committed` to see only the committed records of a topic written exactly-once (transactions). Default `read_uncommitted`. */
  isolationLevel?: 'read_committed' | 'read_uncommitted';
}

export interface SimulateOptions extends Partial<Omit<SimulationInput, 'startMs'>> {
  /** The topic the simulator writes to (its records' keys and values as the model makes them). */
  topic: string;
  /** Records per second of simulated time at average activity (run-time rate = this x `speed`). */
  ratePerSec: number;
}

/** The running simulator: resolves when its simulated span is written, `null` if it failed (logged). */
export type Simulated = Promise<RunSummary | null>;

/** What `useCaseKit` gives a use case's `start`. */
export interface UseCaseKit {
  readonly kafka: KafkaClient;
  /** The session every query runs in, logging through the hub's logger. */
  readonly session: StreamingSession;
  /** Every query started so far, in order. */
  readonly queries: readonly StreamingQuery[];
  /**
   * A typed stream of a declared topic, read from where it ended when the kit started (so a query
   * sees everything this run's simulator writes), committing its offsets to `<topic>.<reader>`.
   */
  read<T>(topic: string, reader: string, options: ReadOptions<T>): Stream<T>;
  /** Starts a dashboard query: named by its handle, its rows the handle's row type. */
  publish<Row extends object>(
    query: LiveQuery<Row>,
    stream: Stream<Row>,
    mode: OutputMode,
    options?: Omit<SocketioSinkOptions, 'namespace' | 'hub' | 'query'>,
  ): StreamingQuery;
  /** Starts a query to another sink (a Kafka topic, a feed for chained queries). */
  run<T>(name: string, stream: Stream<T>, mode: OutputMode, sink: Sink<T>): StreamingQuery;
  /** Starts the dead-letter view of a declared topic: each record that did not decode, why, and a count. */
  deadLetters(query: LiveQuery<DeadLetterRow>, topic: string): StreamingQuery;
  /**
   * Starts the simulator now, in simulated time from now, writing to `topic`; stopped with the use
   * case. The hub's `ctx.simulation` (`--rate`, `--speed`) overrides the pace given here.
   */
  simulate<E, R, P>(model: Model<E, R, P>, options: SimulateOptions): Simulated;
  /** Something else to stop when the use case stops (after the simulators, before the queries). */
  onStop(stop: () => Promise<void> | void): void;
  /** What `start` returns to the hub. */
  running(): RunningUseCase;
}

/**
 * Creates the use case's topics and returns its kit.
 *
 * @example
 * const kit = await useCaseKit(ctx, { topics: [{ topic: 'fraud.transactions', deadLetters: true }, { topic: 'fraud.alerts' }] });
 */
export async function useCaseKit(ctx: UseCaseContext, options: KitOptions): Promise<UseCaseKit> {
  const { kafka } = ctx.broker;
  await ensureTopics(kafka, options.topics);
  const declared = new Map(options.topics.map((t) => [t.topic, t]));
  // where every reader starts: the end of each topic now (the simulator starts after the queries)
  const from = new Map<string, Record<string, Record<string, number>>>();
  for (const t of options.topics) {
    from.set(t.topic, await endOffsets(kafka, t.topic));
    if (t.deadLetters) from.set(deadLetterTopic(t.topic), await endOffsets(kafka, deadLetterTopic(t.topic)));
  }
  const trigger = options.trigger ?? KIT_TRIGGER;
  const session = new StreamingSession({ logger: ctx.logger });
  const queries: StreamingQuery[] = [];
  const deadLettering = new Set<string>();
  const simulators: Simulated[] = [];
  const stops: (() => Promise<void> | void)[] = [];
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });

  const startingOffsets = (topic: string) => {
    const offsets = from.get(topic);
    if (offsets === undefined) {
      throw new Error(`use case '${ctx.namespace}': topic '${topic}' is not declared; declare it in useCaseKit's topics (${[...declared.keys()].join(', ')})`);
    }
    return offsets;
  };
  const run = <T>(name: string, stream: Stream<T>, mode: OutputMode, sink: Sink<T>): StreamingQuery => {
    const q = stream.writeStream.session(session).outputMode(mode).trigger(trigger).queryName(name).sink(sink).start();
    queries.push(q);
    return q;
  };

  return {
    kafka,
    session,
    queries,
    read<T>(topic: string, reader: string, o: ReadOptions<T>): Stream<T> {
      const offsets = startingOffsets(topic);
      const dlq = declared.get(topic)?.deadLetters === true && (o.deadLetters ?? !deadLettering.has(topic));
      if (dlq) deadLettering.add(topic);
      return Stream.fromSource<T>(
        kafkaSource<Decoder<T>>({
          client: kafka,
          subscribe: topic,
          groupId: `${topic}.${reader}`,
          startingOffsets: offsets,
          decode: o.decode,
          ...(o.eventTimeField === undefined ? {} : { eventTimeField: o.eventTimeField }),
          ...(o.isolationLevel === undefined ? {} : { isolationLevel: o.isolationLevel }),
          deadLetter: dlq ? { topic: deadLetterTopic(topic) } : false,
        }),
      );
    },
    publish: (query, stream, mode, sinkOptions = {}) => run(query.id, stream, mode, liveSink(ctx, query, sinkOptions)),
    run,
    deadLetters(query, topic) {
      if (declared.get(topic)?.deadLetters !== true) {
        throw new Error(`use case '${ctx.namespace}': topic '${topic}' has no dead-letter topic; declare it with deadLetters: true`);
      }
      const dlq = deadLetterTopic(topic);
      const q = deadLetterQuery({ kafka, topic: dlq, startingOffsets: startingOffsets(dlq), trigger, sink: liveSink(ctx, query), session });
      queries.push(q);
      return q;
    },
    simulate(model, o) {
      const { topic, ratePerSec: simulatedRate, speed: asked = 1, ...rest } = o;
      startingOffsets(topic);
      // the hub's --speed and --rate (events per wall second) win over the use case's demo pace
      const speed = ctx.simulation?.speed ?? asked;
      const ratePerSec = ctx.simulation?.rate !== undefined ? ctx.simulation.rate / speed : simulatedRate;
      // run-time rate = simulated rate x speed; a week of run time unless told otherwise
      const sim = new Simulation(model, { seed: 1, durationMs: 7 * 24 * 3_600_000, ...rest, ratePerSec: ratePerSec * speed, speed, startMs: Date.now() });
      const done = runSimulation(sim, kafkaOutput({ client: kafka, topic, labelsTopic: null }), { signal: abort.signal, logger: ctx.logger }).catch(
        (err: unknown) => {
          ctx.logger.error({ err, topic }, `${ctx.namespace} simulator stopped`);
          return null;
        },
      );
      simulators.push(done);
      return done;
    },
    onStop: (stop) => stops.push(stop),
    running: () => ({
      queries,
      async stop() {
        ctx.signal.removeEventListener('abort', onAbort);
        abort.abort();
        const summaries = await Promise.all(simulators);
        for (const s of summaries) if (s) ctx.logger.info({ emitted: s.stats.emitted, malformed: s.stats.malformed }, `${ctx.namespace} simulator stopped`);
        for (const stop of stops) await stop();
      },
    }),
  };
}
