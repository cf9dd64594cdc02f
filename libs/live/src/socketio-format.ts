/**
 * `writeStream.format('socketio')`: builds a socket.io sink from writer options (strings,
 * numbers, booleans), e.g.
 * `.format('socketio').option('namespace', 'fraud-detection').option('maxMessagesPerSecond', 10)`.
 *
 * Importing `@streamlab/live` registers the format with the core's `registerSinkFormat(name,
 * factory)` (`registerSocketioFormat` reports whether the core it found has the registry).
 */
import * as core from '@streamlab/core';
import type { Sink } from '@streamlab/core';
import { StreamlabError } from '@streamlab/core';
import { socketioSink } from './socketio-sink.js';

type WriterOptions = Readonly<Record<string, string | number | boolean>>;

function num(options: WriterOptions, key: string): number | undefined {
  const v = options[key];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n))
    throw new StreamlabError('LIVE_BAD_SINK_OPTION', `socketio option "${key}" must be a number`, { value: v, hint: `e.g. .option('${key}', 10)` });
  return n;
}

/**
 * The socket.io sink for writer options (`namespace` required; `query`, `maxMessagesPerSecond`,
 * `maxRowsPerMessage`, `snapshotRows`, `volatile`).
 *
 * @example
 * socketioSinkFromOptions({ namespace: 'demo', maxMessagesPerSecond: '5', volatile: 'true' });
 */
export function socketioSinkFromOptions<T extends object>(options: WriterOptions): Sink<T> {
  const namespace = options.namespace;
  if (typeof namespace !== 'string') {
    throw new StreamlabError('LIVE_SINK_NEEDS_NAMESPACE', 'the socketio format needs a namespace option', {
      value: options,
      hint: ".option('namespace', '<use-case>') — clients connect to /<use-case>",
    });
  }
  const v = options.volatile;
  const mps = num(options, 'maxMessagesPerSecond');
  const rows = num(options, 'maxRowsPerMessage');
  const snap = num(options, 'snapshotRows');
  return socketioSink<T>({
    namespace,
    ...(typeof options.query === 'string' ? { query: options.query } : {}),
    ...(mps !== undefined ? { maxMessagesPerSecond: mps } : {}),
    ...(rows !== undefined ? { maxRowsPerMessage: rows } : {}),
    ...(snap !== undefined ? { snapshotRows: snap } : {}),
    ...(v !== undefined ? { volatile: v === true || v === 'true' } : {}),
  });
}

/**
 * Registers `format('socketio')` with the core's sink-format registry, when the core has one.
 * Returns true when registered.
 *
 * @example
 * registerSocketioFormat(); // then: stream.writeStream.format('socketio').option('namespace', 'demo').start()
 */
export function registerSocketioFormat(): boolean {
  const register = (core as Record<string, unknown>).registerSinkFormat;
  if (typeof register !== 'function') return false;
  (register as (name: string, factory: (options: WriterOptions) => Sink<object>) => void)('socketio', (options) => socketioSinkFromOptions(options));
  return true;
}

registerSocketioFormat();
