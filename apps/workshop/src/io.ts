/**
 * The runner's terminal: what it prints (stdout for results, stderr for problems) and how it
 * asks a yes/no question. Commands take it as a parameter, so specs drive them with a recorder.
 */
import { createInterface } from 'node:readline/promises';

export interface WorkshopIO {
  /** Writes to stdout (text as given: end lines with `\n`). */
  out(text: string): void;
  /** Writes to stderr. */
  err(text: string): void;
  /** Asks a question on the terminal and resolves with the answer (empty when there is no terminal). */
  ask(question: string): Promise<string>;
}

/** True for `y` / `yes` (any case); anything else, an empty answer included, is no. */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer);
}

/**
 * The process's terminal: stdout, stderr and a readline question on stdin (an empty answer when
 * stdin is not a terminal and has nothing to read, so a confirmation defaults to no).
 *
 * @example
 * const io = processIO();
 * if (isYes(await io.ask('Show the solution for step 3? [y/N] '))) io.out(code);
 */
export function processIO(): WorkshopIO {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
      try {
        const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
        return await Promise.race([rl.question(question), closed]);
      } finally {
        rl.close();
      }
    },
  };
}

/** An IO that records what it printed and answers questions from a list (for specs). */
export interface RecordingIO extends WorkshopIO {
  readonly stdout: string;
  readonly stderr: string;
  readonly questions: string[];
}

/**
 * @example
 * const io = recordingIO(['y']);
 * await solutionCommand(workshop, '3', {}, io);
 * io.questions; // ['Show the solution for step 3? [y/N] ']
 */
export function recordingIO(answers: string[] = []): RecordingIO {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    questions,
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    async ask(q) {
      questions.push(q);
      stdout += q;
      return answers.shift() ?? '';
    },
  };
}
