/** `format('console')`: prints each batch in Spark's console format. */
import type { BatchInfo, Sink } from '../ports.js';
import { formatBatch, type ConsoleOptions } from './console-format.js';

/** Where the console sink writes (stdout by default; inject one to capture output). */
export type Write = (text: string) => void;

/** stdout when the runtime has one (Node; read from `globalThis`, the core imports no Node API), else `console.log`. */
function writeStdout(text: string): void {
  const stdout = (globalThis as { process?: { stdout?: { write(t: string): unknown } } }).process?.stdout;
  if (stdout) stdout.write(text);
  else console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/**
 * @example
 * new ConsoleSink({ numRows: 5, truncate: false }, (t) => lines.push(t));
 */
export class ConsoleSink<T = unknown> implements Sink<T> {
  readonly description = 'ConsoleSink';
  private readonly options: ConsoleOptions;
  private readonly write: Write;

  constructor(options: ConsoleOptions = {}, write: Write = writeStdout) {
    this.options = options;
    this.write = write;
  }

  addBatch(rows: readonly T[], info: BatchInfo): void {
    this.write(formatBatch(info.batchId, rows, this.options, info.columns));
  }
}
