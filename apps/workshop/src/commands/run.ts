/**
 * `run N [--solution] [--ui] [--port P]`: the learner's query live. Starts the broker (embedded,
 * or `KAFKA_BROKERS`), hands the step's `run` a context (topics under `WORKSHOP_PREFIX`, and a run
 * number of their own on a shared broker: see `../run/run-topics.ts`; an output
 * that prints Spark's console batches and, with `--ui`, feeds the batch view page), and runs until
 * Ctrl-C (one line, exit 0) or until a query fails (its error, exit 1).
 */
import { pathToFileURL } from 'node:url';
import { StreamingSession, type StreamingQuery } from '@streamlab/core';
import { assertPortFree, loadLiveConfig, serveUseCases, type LiveHub, type ServedUseCases } from '@streamlab/live';
import { parsePort } from '../config.js';
import { EXIT, WorkshopError } from '../errors.js';
import { openBroker, type RunBroker } from '../run/broker.js';
import { outputFactory } from '../run/output.js';
import { runTopicPrefix } from '../run/run-topics.js';
import { stepUseCase, UI_NAMESPACE } from '../run/ui-use-case.js';
import type { RunningStep, StepRunContext } from '../step.js';
import type { Step } from '../steps.js';
import { shown, stepByNumber, type Workshop } from '../workshop.js';

export interface RunOptions {
  /** Run solution.ts instead of the learner's exercise.ts. */
  solution?: boolean;
  /** Serve the batch view page too. */
  ui?: boolean;
  /** The page's port (default `PORT`, else 3000). */
  port?: string;
}

export interface RunDeps {
  /** Aborted on Ctrl-C: the run stops and the command resolves. */
  signal: AbortSignal;
  /** The live hub of the page (specs pass their own; default the kit's). */
  hub?: LiveHub;
  /** Called with the page's address once it listens (`--ui`). */
  onListening?(url: string): void;
  /** How the broker is opened (specs pass a shared one of their own). */
  openBroker?: typeof openBroker;
}

async function importImpl(step: Step, file: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(file).href);
  } catch (err) {
    throw new WorkshopError('WORKSHOP_BAD_STEP', `${shown(file)} does not load: ${(err as Error).message}`, {
      value: file,
      hint: `fix it and run again; \`npm run workshop -- verify ${step.number}\` shows what the checks say`,
      exitCode: EXIT.failed,
      cause: err,
    });
  }
}

/** Checks the page's port first (before the broker and the bundling), with the workshop's fix in the message. */
async function portFree(env: Record<string, string | undefined>): Promise<void> {
  const live = loadLiveConfig(env);
  try {
    await assertPortFree(live);
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'LIVE_PORT_UNAVAILABLE') throw err;
    throw new WorkshopError('WORKSHOP_BAD_CONFIG', `the page cannot listen on ${live.host}:${live.port}`, {
      value: live.port,
      hint: `another program uses port ${live.port}: stop it, or choose another with --port ${live.port + 1}`,
      cause: err,
    });
  }
}

/** Resolves with why the run ends: Ctrl-C, every query finished, or the first query failure. */
function ending(
  signal: AbortSignal,
  queries: readonly StreamingQuery[],
): Promise<{ kind: 'stopped' } | { kind: 'finished' } | { kind: 'failed'; error: unknown }> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ kind: 'stopped' });
    signal.addEventListener('abort', () => resolve({ kind: 'stopped' }), { once: true });
    Promise.all(queries.map((q) => q.awaitTermination())).then(
      () => resolve({ kind: 'finished' }),
      (error: unknown) => resolve({ kind: 'failed', error }),
    );
  });
}

/**
 * @example
 * const ctl = new AbortController();
 * process.once('SIGINT', () => ctl.abort());
 * process.exitCode = await runCommand(workshop, '0', { ui: true }, { signal: ctl.signal });
 */
export async function runCommand(w: Workshop, arg: string, opts: RunOptions, deps: RunDeps): Promise<number> {
  const { io, logger, config } = w;
  const port = opts.port === undefined ? config.port : parsePort(opts.port);
  const step = await stepByNumber(w, arg);
  const liveEnv = { ...w.env, PORT: String(port) };
  if (opts.ui) await portFree(liveEnv);
  const file = opts.solution ? step.solution : step.exercise;
  const impl = await importImpl(step, file);
  const broker: RunBroker = await (deps.openBroker ?? openBroker)({ kafkaBrokers: config.kafkaBrokers, logger });
  let prefix: string;
  try {
    prefix = await runTopicPrefix(broker.kafka, config.prefix, broker.mode);
  } catch (err) {
    await broker.close().catch((e: unknown) => logger.warn({ err: e }, 'closing the broker after a failed start'));
    throw err;
  }
  const session = new StreamingSession({ logger });
  const write = (t: string) => io.out(t);
  const context = (output: StepRunContext['output']): StepRunContext => ({
    kafka: broker.kafka,
    topic: (name) => `${prefix}${name}`,
    output,
    session,
    logger,
    signal: deps.signal,
  });

  let running: RunningStep | undefined;
  let served: ServedUseCases | undefined;
  const stopAll = async () => {
    if (served)
      await served.close(); // stops the queries, the step's extras, then the page
    else if (running) {
      for (const q of running.queries) await q.stop().catch((err: unknown) => logger.warn({ err, query: q.name }, 'query did not stop cleanly'));
      await Promise.resolve(running.stop?.()).catch((err: unknown) => logger.warn({ err }, 'the step did not stop cleanly'));
    }
    await broker.close();
  };

  const title = `Step ${step.number} · ${step.def.title}`;
  const topics =
    broker.mode === 'external'
      ? `, topics prefixed "${prefix}" (each run on a shared broker has its own: a rerun starts from empty topics)`
      : prefix
        ? `, topics prefixed "${prefix}"`
        : '';
  io.out(`${title}: running ${shown(file)} on ${broker.description}${topics}. Ctrl-C to stop.\n\n`);
  try {
    if (opts.ui) {
      served = await serveUseCases({
        useCases: [
          stepUseCase(title, step.def.chapter, async (ctx) => {
            running = await step.def.run(impl, context(outputFactory({ write, live: { hub: ctx.hub, namespace: ctx.namespace } })));
            return running;
          }),
        ],
        broker:
          broker.mode === 'external' ? { mode: 'external', brokers: config.kafkaBrokers, kafka: broker.kafka } : { mode: 'embedded', kafka: broker.kafka },
        logger,
        env: liveEnv,
        ...(deps.hub ? { hub: deps.hub } : {}),
        // the address is printed as soon as the page listens, before the step's first batch
        listenFirst: true,
        onListening: (base) => {
          const url = `${base}/${UI_NAMESPACE}/`;
          io.out(`Batch view: ${url}\n\n`);
          deps.onListening?.(url);
        },
      });
    } else {
      running = await step.def.run(impl, context(outputFactory({ write })));
    }
  } catch (err) {
    await stopAll().catch((e: unknown) => logger.warn({ err: e }, 'cleanup after a failed start'));
    if (err instanceof WorkshopError) throw err;
    if (err instanceof Error && 'code' in err && 'hint' in err) throw err; // a StreamlabError: says what to fix
    throw new WorkshopError('WORKSHOP_BAD_STEP', `step ${step.number} did not start: ${(err as Error)?.message ?? String(err)}`, {
      value: file,
      hint: `finish the TODOs in ${shown(file)}; \`npm run workshop -- verify ${step.number}\` shows what the checks say`,
      exitCode: EXIT.failed,
      cause: err,
    });
  }

  const end = await ending(deps.signal, running?.queries ?? []);
  await stopAll();
  if (end.kind === 'failed') {
    io.err(`workshop: ${(end.error as Error)?.message ?? String(end.error)}\n`);
    return EXIT.failed;
  }
  io.out(end.kind === 'stopped' ? `\nStopped step ${step.number}.\n` : `\nStep ${step.number}'s queries finished.\n`);
  return EXIT.ok;
}
