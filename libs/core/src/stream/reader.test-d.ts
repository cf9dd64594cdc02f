/** Types of `readStream` and the format registries. */
import { describe, expectTypeOf, it } from 'vitest';
import { readStream, registerSinkFormat, type FormatOptions, type Row, type Sink, type Stream } from '../index.js';

describe('readStream types', () => {
  it('load() gives untyped rows unless told the row type', () => {
    expectTypeOf(readStream.format('kafka').option('subscribe', 'tx').load()).toEqualTypeOf<Stream<Row>>();
    expectTypeOf(readStream.format('kafka').load<{ value: Buffer | null }>()).toEqualTypeOf<Stream<{ value: Buffer | null }>>();
  });

  it('options are Spark-style strings, numbers and booleans', () => {
    // @ts-expect-error objects are not options
    readStream.option('assign', { tx: [0] });
    expectTypeOf(registerSinkFormat).parameter(1).toEqualTypeOf<(options: FormatOptions) => Sink<unknown>>();
  });
});
