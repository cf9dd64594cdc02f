/**
 * `npm run workshop -- <command>`: the workshop runner on this checkout's steps. Settings come from
 * the environment (validated first: a bad one ends with one line saying what to fix, exit 2);
 * logs go to stderr through pino; the first Ctrl-C stops the command cleanly, another one a
 * second later exits at once.
 */
import { pino } from 'pino';
import { vitestCheckRunner } from './checks-runner/run-checks.js';
import { loadConfig, type WorkshopConfig } from './config.js';
import { EXIT, WorkshopError } from './errors.js';
import { fsFileEvents } from './file-events.js';
import { processIO } from './io.js';
import { runWorkshop } from './program.js';
import { DEFAULT_PATHS } from './workshop.js';

const io = processIO();
let config: WorkshopConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof WorkshopError)) throw err;
  io.err(`workshop: ${err.message}\n`);
  process.exit(EXIT.usage);
}

const logger = pino({ level: config.logLevel }, pino.destination(2));
const abort = new AbortController();
let firstSignalAt = 0;
const onSignal = () => {
  if (!abort.signal.aborted) {
    firstSignalAt = Date.now();
    abort.abort();
  } else if (Date.now() - firstSignalAt > 1000) {
    // npm and the terminal both deliver one Ctrl-C; a second one, later, means now
    process.exit(130);
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runWorkshop(
  process.argv.slice(2),
  { ...DEFAULT_PATHS, io, logger, config, env: process.env, checks: vitestCheckRunner(), now: () => new Date() },
  { signal: abort.signal, events: fsFileEvents() },
);
// Everything is stopped and closed by now; exit so that no stray handle (a socket the broker
// client keeps, a watcher) holds the terminal.
process.exit(code);
