/** Format registries: `writeStream.format(name)` and `readStream.format(name)` built from options. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  MemoryStream,
  readStream,
  registeredFormats,
  registerSinkFormat,
  registerSourceFormat,
  StreamingSession,
  StreamlabError,
  type BatchInfo,
  type FormatOptions,
  type Logger,
  type Sink,
} from '../index.js';
import { ManualClock } from '../testing/index.js';
import { errorOf } from '../error-of.js';

const silent = pino({ level: 'silent' }) as unknown as Logger;
const session = () => new StreamingSession({ clock: new ManualClock(0), logger: silent });

class CollectSink implements Sink<unknown> {
  readonly description: string;
  readonly rows: unknown[] = [];
  constructor(readonly options: FormatOptions) {
    this.description = `Collect[${String(options.label)}]`;
  }
  addBatch(rows: readonly unknown[], _info: BatchInfo): void {
    this.rows.push(...rows);
  }
}

describe('sink formats', () => {
  it('builds a registered sink from the writer options, without the engine-owned ones', async () => {
    const made: CollectSink[] = [];
    registerSinkFormat('spec-collect', (options) => {
      const s = new CollectSink(options);
      made.push(s);
      return s;
    });
    const input = new MemoryStream<{ n: number }>({ name: 'nums' });
    const q = input
      .toStream()
      .writeStream.format('spec-collect')
      .option('label', 'a')
      .option('retries', 3)
      .option('checkpointLocation', 'memory:spec-collect')
      .option('maxRowsPerTrigger', 10)
      .session(session())
      .start();
    input.addData({ n: 1 }, { n: 2 });
    await q.processAllAvailable();
    await q.stop();
    expect(made).toHaveLength(1);
    expect(made[0]!.options).toEqual({ label: 'a', retries: 3 });
    expect(made[0]!.rows).toEqual([{ n: 1 }, { n: 2 }]);
    expect(q.lastProgress?.sink.description).toBe('Collect[a]');
    expect(registeredFormats('sink')).toEqual(expect.arrayContaining(['console', 'memory', 'spec-collect']));
  });

  it('refuses an unknown sink format, listing the registered ones and the package of a known one', () => {
    const err = errorOf(() => new MemoryStream<{ n: number }>().toStream().writeStream.format('kafka').session(session()).start());
    expect(err).toBeInstanceOf(StreamlabError);
    expect(err.code).toBe('UNKNOWN_FORMAT');
    expect(err.value).toBe('kafka');
    expect(err.message).toContain('unknown sink format "kafka"; registered sink formats: console, memory');
    expect(err.hint).toContain("import '@streamlab/kafka'");
    const other = errorOf(() => new MemoryStream<{ n: number }>().toStream().writeStream.format('parquet').session(session()).start());
    expect(other.hint).toContain("registerSinkFormat('parquet', factory)");
    expect(errorOf(() => new MemoryStream().toStream().writeStream.format('socketio').session(session()).start()).hint).toContain("import '@streamlab/live'");
  });

  it('refuses to register a built-in or malformed name', () => {
    expect(errorOf(() => registerSinkFormat('memory', (o) => new CollectSink(o))).code).toBe('BAD_FORMAT_NAME');
    expect(errorOf(() => registerSourceFormat('no spaces', () => new MemoryStream())).code).toBe('BAD_FORMAT_NAME');
  });
});

describe('readStream', () => {
  it('loads a stream from a registered source format with .option and .options', async () => {
    const seen: FormatOptions[] = [];
    const backing = new MemoryStream<{ word: string }>({ name: 'words' });
    registerSourceFormat('spec-words', (options) => {
      seen.push(options);
      return backing;
    });
    const words = readStream.format('spec-words').option('topic', 'w').options({ startingOffsets: 'earliest', max: 5 }).load<{ word: string }>();
    expect(seen).toEqual([{ topic: 'w', startingOffsets: 'earliest', max: 5 }]);
    const s = session();
    expect(s.readStream).toBe(readStream);
    const q = words
      .filter((w) => w.word !== 'skip')
      .writeStream.format('memory')
      .queryName('spec-words')
      .session(s)
      .start();
    backing.addData({ word: 'dog' }, { word: 'skip' });
    await q.processAllAvailable();
    await q.stop();
    expect(s.table('spec-words')).toEqual([{ word: 'dog' }]);
  });

  it('is immutable: options given to one reader do not leak into another', () => {
    const seen: FormatOptions[] = [];
    registerSourceFormat('spec-immutable', (options) => {
      seen.push(options);
      return new MemoryStream();
    });
    const base = readStream.format('spec-immutable').option('a', 1);
    base.option('b', 2).load();
    base.load();
    expect(seen).toEqual([{ a: 1, b: 2 }, { a: 1 }]);
  });

  it('refuses an unknown format and a missing one', () => {
    const err = errorOf(() => readStream.format('kafka').option('subscribe', 'x').load());
    expect(err.code).toBe('UNKNOWN_FORMAT');
    expect(err.message).toContain('unknown source format "kafka"; registered source formats:');
    expect(err.hint).toContain("import '@streamlab/kafka'");
    expect(errorOf(() => readStream.option('subscribe', 'x').load()).code).toBe('NO_FORMAT');
  });
});
