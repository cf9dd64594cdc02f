/**
 * The runner's commands (commander). `runWorkshop(argv, workshop, deps)` parses, runs one command
 * and resolves with its exit code; errors the learner can fix print as one line plus what to do.
 */
import { Command, CommanderError } from 'commander';
import { StreamlabError } from '@streamlab/core';
import { cleanCommand, type CleanDeps } from './commands/clean.js';
import { hintCommand } from './commands/hint.js';
import { listCommand } from './commands/list.js';
import { resetCommand } from './commands/reset.js';
import { runCommand, type RunDeps, type RunOptions } from './commands/run.js';
import { solutionCommand } from './commands/solution.js';
import { verifyCommand } from './commands/verify.js';
import { watchCommand } from './commands/watch.js';
import { EXIT, plainMessage, WorkshopError } from './errors.js';
import type { FileEvents } from './file-events.js';
import type { Workshop } from './workshop.js';

export interface ProgramDeps extends Omit<RunDeps, 'signal'>, CleanDeps {
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Save events for `watch`. */
  events: FileEvents;
}

const ENVIRONMENT = `
Environment:
  KAFKA_BROKERS    a shared Kafka (host:port[,host:port]); unset: the embedded in-process broker
  WORKSHOP_PREFIX  put before every topic name of your runs (e.g. alice.) on a shared broker
  PORT             the --ui page's port (default 3000)
  LOG_LEVEL        logs on stderr: fatal, error, warn (default), info, debug, trace, silent

The loop: read a step's README, edit its exercise.ts, keep \`npm run workshop -- watch\` running.`;

/**
 * @example
 * const code = await runWorkshop(['hint', '3'], workshop, { signal, events: fsFileEvents() });
 */
export async function runWorkshop(argv: readonly string[], w: Workshop, deps: ProgramDeps): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('workshop')
    .description('The StreamLab workshop: steps with checks, hints and solutions, and live runs of your queries.')
    .usage('[command] [options]   (npm run workshop -- <command>)')
    .addHelpText('after', ENVIRONMENT)
    .exitOverride()
    .configureOutput({ writeOut: (t) => w.io.out(t), writeErr: (t) => w.io.err(t) })
    .showSuggestionAfterError();

  program
    .command('list')
    .description('list the steps with their status, and what to do next (the default)')
    .action(async () => void (code = await listCommand(w)));
  program
    .command('verify [N]')
    .description("run step N's checks once (default: the current step) and record the result")
    .option('--solution', "check the step's solution.ts instead (not recorded)")
    .action(async (n: string | undefined, o: { solution?: boolean }) => void (code = await verifyCommand(w, n, { ...o, signal: deps.signal })));
  program
    .command('watch')
    .description('check the current step on every save of its exercise.ts; move on when it passes')
    .action(async () => void (code = await watchCommand(w, { events: deps.events, signal: deps.signal })));
  program
    .command('run <N>')
    .description("run step N's query live on a broker, printing each batch (Spark's console format)")
    .option('--solution', 'run solution.ts instead of your exercise.ts')
    .option('--ui', 'also serve a page with each batch: output rows, watermark, late rows, output mode')
    .option('--port <P>', 'the page port (default PORT, else 3000)')
    .action(async (n: string, o: RunOptions) => void (code = await runCommand(w, n, o, deps)));
  program
    .command('hint <N>')
    .description('show the next hint of step N')
    .option('--all', 'show every hint')
    .action(async (n: string, o: { all?: boolean }) => void (code = await hintCommand(w, n, o)));
  program
    .command('solution <N>')
    .description("show step N's solution (asks first)")
    .option('-y, --yes', 'do not ask')
    .action(async (n: string, o: { yes?: boolean }) => void (code = await solutionCommand(w, n, o)));
  program
    .command('reset <N>')
    .description("restore step N's exercise.ts as shipped (asks first; your changes are lost)")
    .option('-y, --yes', 'do not ask')
    .action(async (n: string, o: { yes?: boolean }) => void (code = await resetCommand(w, n, o)));

  program
    .command('clean')
    .description('delete your topics (named WORKSHOP_PREFIX…) on the shared broker in KAFKA_BROKERS (asks first)')
    .option('-y, --yes', 'do not ask')
    .action(async (o: { yes?: boolean }) => void (code = await cleanCommand(w, o, deps)));

  try {
    const args = argv.filter((a, i) => !(i === 0 && a === '--'));
    await program.parseAsync(args.length === 0 ? ['list'] : args, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof StreamlabError) {
      w.io.err(`workshop: ${plainMessage(err)}\n${err.hint ? `  ${err.hint}\n` : ''}`);
      return err instanceof WorkshopError ? err.exitCode : EXIT.failed;
    }
    throw err;
  }
}
