/**
 * `readStream`: the immutable builder of a stream from a registered source format (Spark's
 * DataStreamReader): `readStream.format('kafka').option('subscribe', 'payments').load()`.
 * Formats are registered by adapter packages (`import '@streamlab/kafka'`); see
 * `src/formats/registry.ts`.
 */
import { StreamlabError } from '../errors.js';
import { sourceFactory, unknownFormat, type FormatOptions } from '../formats/registry.js';
import { SourceNode } from '../operators/source/source.js';
import type { Stream } from './stream.js';
import type { Source } from '../ports.js';
import { streamOf } from './stream-of.js';

/** A row of a source format: its columns are known only at run time (decode or map it to type it). */
export type Row = Record<string, unknown>;

export class DataStreamReader {
  private readonly fmt: string | undefined;
  private readonly opts: FormatOptions;

  private constructor(format: string | undefined, options: FormatOptions) {
    this.fmt = format;
    this.opts = options;
  }

  /** @internal Use `readStream` (or `session.readStream`). */
  static create(): DataStreamReader {
    return new DataStreamReader(undefined, {});
  }

  /**
   * The source format, e.g. `kafka` (registered by `import '@streamlab/kafka'`).
   *
   * @example
   * readStream.format('kafka');
   */
  format(format: string): DataStreamReader {
    return new DataStreamReader(format, this.opts);
  }

  /**
   * One option of the format, with Spark's names.
   *
   * @example
   * readStream.format('kafka').option('subscribe', 'payments').option('startingOffsets', 'earliest');
   */
  option(key: string, value: string | number | boolean): DataStreamReader {
    return new DataStreamReader(this.fmt, { ...this.opts, [key]: value });
  }

  /**
   * Several options at once (later ones win).
   *
   * @example
   * readStream.format('kafka').options({ 'kafka.bootstrap.servers': 'localhost:9092', subscribe: 'payments' });
   */
  options(options: FormatOptions): DataStreamReader {
    return new DataStreamReader(this.fmt, { ...this.opts, ...options });
  }

  /**
   * Builds the source and returns a stream reading it. Throws `UNKNOWN_FORMAT` when no package
   * registered the format, or the format's own error for bad options.
   *
   * @example
   * const payments = readStream.format('kafka').option('subscribe', 'payments').load();
   */
  load<T = Row>(): Stream<T> {
    if (this.fmt === undefined) {
      throw new StreamlabError('NO_FORMAT', 'readStream has no format', {
        value: this.opts,
        hint: "call .format('kafka') (after import '@streamlab/kafka') before load()",
      });
    }
    const factory = sourceFactory(this.fmt);
    if (!factory) throw unknownFormat('source', this.fmt);
    return streamOf<T>(new SourceNode(factory(this.opts) as Source<unknown>));
  }
}

/**
 * The entry point of `readStream.format(...)...load()` (Spark's `spark.readStream`; also
 * `session.readStream`). It is immutable: every call returns a new reader.
 *
 * @example
 * import '@streamlab/kafka';
 * const tx = readStream.format('kafka').option('subscribe', 'payments').load();
 */
export const readStream: DataStreamReader = DataStreamReader.create();
