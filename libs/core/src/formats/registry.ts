/**
 * The format registries behind `writeStream.format(name)` and `readStream.format(name)` (Spark's
 * DataSource lookup by short name). Adapter packages register their formats when imported:
 * `import '@streamlab/kafka'` registers `kafka` (source and sink), `import '@streamlab/live'`
 * registers `socketio` (sink). A factory receives the `.option(k, v)` map, minus the options the
 * engine owns (`checkpointLocation`, ...), and builds the `Source` or `Sink`.
 */
import { StreamlabError } from '../errors.js';
import type { Sink, Source } from '../ports.js';

/** Spark-style string options, as given to `.option(key, value)`. */
export type FormatOptions = Readonly<Record<string, string | number | boolean>>;
export type SinkFactory = (options: FormatOptions) => Sink<unknown>;
export type SourceFactory = (options: FormatOptions) => Source<unknown>;

type Kind = 'sink' | 'source';
interface Registry {
  sink: Map<string, SinkFactory>;
  source: Map<string, SourceFactory>;
}

// On globalThis, so two copies of this module (a package loaded from src and from dist) share one registry.
const KEY = Symbol.for('@streamlab/core/formats');
const holder = globalThis as { [KEY]?: Registry };
const registry: Registry = (holder[KEY] ??= { sink: new Map(), source: new Map() });

/** Formats the engine itself builds, per kind. */
const BUILT_IN: Record<Kind, readonly string[]> = { sink: ['memory', 'console'], source: [] };
/** Which package registers a well-known format, for the "unknown format" hint. */
const PROVIDERS: Readonly<Record<string, string>> = { kafka: '@streamlab/kafka', socketio: '@streamlab/live' };

function checkName(kind: Kind, name: string): void {
  if (!/^[A-Za-z][\w.-]*$/.test(name) || BUILT_IN[kind].includes(name)) {
    throw new StreamlabError('BAD_FORMAT_NAME', `cannot register ${kind} format "${name}"`, {
      value: name,
      hint: `use a name of letters, digits, '.', '_' or '-' that is not built in (${BUILT_IN[kind].join(', ') || 'none'})`,
    });
  }
}

/**
 * Makes `writeStream.format(name)` build its sink with `factory` (a later registration of the
 * same name replaces the earlier one).
 *
 * @example
 * registerSinkFormat('socketio', (options) => socketioSink({ namespace: String(options.namespace) }));
 * stream.writeStream.format('socketio').option('namespace', 'fraud').start();
 */
export function registerSinkFormat(name: string, factory: SinkFactory): void {
  checkName('sink', name);
  registry.sink.set(name, factory);
}

/**
 * Makes `readStream.format(name)` build its source with `factory`.
 *
 * @example
 * registerSourceFormat('kafka', (options) => kafkaSource({ subscribe: String(options.subscribe) }));
 * readStream.format('kafka').option('subscribe', 'payments').load();
 */
export function registerSourceFormat(name: string, factory: SourceFactory): void {
  checkName('source', name);
  registry.source.set(name, factory);
}

/**
 * The formats `writeStream.format` / `readStream.format` accept now, sorted.
 *
 * @example
 * registeredFormats('sink'); // ['console', 'memory', 'socketio'] after import '@streamlab/live'
 */
export function registeredFormats(kind: Kind): string[] {
  return [...BUILT_IN[kind], ...registry[kind].keys()].sort();
}

/** @internal The registered sink factory of `name`. */
export function sinkFactory(name: string): SinkFactory | undefined {
  return registry.sink.get(name);
}

/** @internal The registered source factory of `name`. */
export function sourceFactory(name: string): SourceFactory | undefined {
  return registry.source.get(name);
}

/**
 * The `UNKNOWN_FORMAT` error: lists the formats available and, for a well-known format, the
 * package whose import registers it.
 *
 * @example
 * throw unknownFormat('sink', 'kafka'); // ... (import '@streamlab/kafka' to register it ...)
 */
export function unknownFormat(kind: Kind, name: string): StreamlabError {
  const available = registeredFormats(kind);
  const provider = PROVIDERS[name];
  const fix = kind === 'sink' ? 'or use .foreachBatch(fn) or .sink(sink)' : 'or use Stream.fromSource(source)';
  const hint = provider
    ? `import '${provider}' to register it (an import for its side effect is enough), ${fix}`
    : `register it with register${kind === 'sink' ? 'Sink' : 'Source'}Format('${name}', factory), ${fix}`;
  return new StreamlabError('UNKNOWN_FORMAT', `unknown ${kind} format "${name}"; registered ${kind} formats: ${available.join(', ') || 'none'}`, {
    value: name,
    hint,
  });
}
