/**
 * The contract of a workshop step. Each step is a folder `steps/<NN>-<slug>/` with:
 *
 * - `README.md`: the goal, the course's Spark code beside the StreamLab code, steps, what you
 *   should see, and a `## Hints` section (a numbered list; `hint N` shows them one at a time);
 * - `exercise.ts`: the starter the learner edits (compiles as shipped, with `TODO`s);
 * - `solution.ts`: the same exports, complete;
 * - `check.spec.ts`: the checks (vitest, deterministic input, messages that say what is wrong),
 *   run against `exercise.ts`, or against `solution.ts` when `WORKSHOP_IMPL=solution`
 *   (see `implementation()` in `./checks.ts`);
 * - `step.ts`: `export default defineStep({...})`, what the runner needs to list the step and
 *   run it live (`npm run workshop -- run N`).
 *
 * The runner finds steps by listing `steps/` in name order; the number in the folder name is the
 * step's number on the command line.
 */
import type { Logger, OutputMode, Sink, StreamingQuery, StreamingSession } from '@streamlab/core';
import type { KafkaClient } from '@streamlab/kafka';

/** What a step's live run gets from the runner (`run N`, `run N --ui`). */
export interface StepRunContext {
  /** The broker: embedded in the runner's process, or `KAFKA_BROKERS`. */
  kafka: KafkaClient;
  /**
   * This attendee's and this run's name for a topic (or query): `${WORKSHOP_PREFIX}${name}` on the
   * embedded broker, `${WORKSHOP_PREFIX}run<N>.${name}` on a shared one (each run its own topics).
   */
  topic(name: string): string;
  /**
   * The sink a step's query writes to: Spark's console format on stdout, and with `--ui` the
   * batch view too (rows, watermark, late rows, output mode). Name it as the query is named.
   */
  output<T>(queryName: string, mode: OutputMode): Sink<T>;
  /** The session the step's queries run in (its logger, the runner's). */
  session: StreamingSession;
  logger: Logger;
  /** Aborted when the learner presses Ctrl-C; the runner then stops the queries and the feed. */
  signal: AbortSignal;
}

/** A step's live run: what it started, and how to stop what is not a query (simulators). */
export interface RunningStep {
  queries: StreamingQuery[];
  stop?(): Promise<void> | void;
}

export interface StepDefinition<Impl> {
  /** Short title for the list, e.g. `Kafka connectors`. */
  title: string;
  /** The course chapter it practises, e.g. `4. Kafka connectors`. */
  chapter: string;
  /** Minutes a room typically needs (FACILITATOR.md's timing). */
  minutes: number;
  /** `example` runs as given; `exercise` has TODOs; `bonus` is optional. */
  kind: 'example' | 'exercise' | 'bonus';
  /**
   * Starts the live run of `impl` (the learner's `exercise.ts`, or `solution.ts` with
   * `--solution`): creates its topics, starts a simulator feeding the input topic, and starts
   * the queries writing to `ctx.output(...)`.
   */
  run(impl: Impl, ctx: StepRunContext): Promise<RunningStep>;
}

/**
 * Declares a step (its `step.ts` default export), with `Impl` the module type of its
 * `solution.ts`: `defineStep<typeof import('./solution.js')>({...})`.
 */
export function defineStep<Impl>(step: StepDefinition<Impl>): StepDefinition<Impl> {
  if (!(step.minutes > 0)) throw new Error(`workshop step '${step.title}': minutes must be a positive number, got ${step.minutes}`);
  return step;
}
