/** `format('console')`: prints each batch in Spark's console format. */
import type { BatchInfo, Sink } from '../ports.js';
import { formatBatch, type ConsoleOptions } from './console-format.js';

/** Where the console sink writes (stdout by default; inject one to capture output). */
export type Write = (text: string) => void;

/**
 * @example
 * new ConsoleSink({ numRows: 5, truncate: false }, (t) => lines.push(t));
 */
export class ConsoleSink<T = unknown> implements Sink<T> {
  readonly description = 'ConsoleSink';
  private readonly options: ConsoleOptions;
  private readonly write: Write;

  constructor(options: ConsoleOptions = {}, write: Write = (t) => void process.stdout.write(t)) {
    this.options = options;
    this.write = write;
  }

  addBatch(rows: readonly T[], info: BatchInfo): void {
    this.write(formatBatch(info.batchId, rows, this.options, info.columns));
  }
}
