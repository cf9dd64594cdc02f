/**
 * The socket.io sink: a query's results, coalesced and throttled, to every dashboard connected
 * to its use case's namespace (`/<use-case>`).
 */
import { z } from 'zod';
import { StreamlabError, type BatchInfo, type Sink, type SinkContext } from '@streamlab/core';
import { defaultLiveHub, LiveHub, assertNamespace } from './live-hub.js';
import type { QueryChannel } from './query-channel.js';

export interface SocketioSinkOptions {
  /** The use case's namespace, e.g. `fraud-detection` (clients connect to `/fraud-detection`). */
  namespace: string;
  /** The query's name on the wire; defaults to the query's `queryName`. */
  query?: string;
  /** Messages per second at most per query; batches in between are coalesced. Default 10. */
  maxMessagesPerSecond?: number;
  /** Append mode: rows per message at most (the oldest are cut and counted). Default 5000. */
  maxRowsPerMessage?: number;
  /** Result rows kept for clients that connect late. Default 1000. */
  snapshotRows?: number;
  /** Use socket.io volatile emits (high-rate data such as positions: slow clients skip messages). */
  volatile?: boolean;
  /** The hub to publish on. Default: `defaultLiveHub` (served by `createLiveServer`). */
  hub?: LiveHub;
}

const optionsSchema = z.object({
  namespace: z.string(),
  query: z.string().min(1).max(100).optional(),
  maxMessagesPerSecond: z.number().positive().max(1000).optional(),
  maxRowsPerMessage: z.number().int().positive().optional(),
  snapshotRows: z.number().int().positive().optional(),
  volatile: z.boolean().optional(),
  hub: z.instanceof(LiveHub).optional(),
});

/**
 * Creates a socket.io sink (what `writeStream.format('socketio')` builds, see socketio-format.ts).
 * Batches are coalesced and sent at most `maxMessagesPerSecond` times per second; a replayed
 * batch id is ignored; `close()` flushes.
 *
 * @example
 * counts.writeStream
 *   .outputMode('update')
 *   .queryName('counts')
 *   .sink(socketioSink({ namespace: 'demo', maxMessagesPerSecond: 10 }))
 *   .start();
 */
export function socketioSink<T extends object = Record<string, unknown>>(options: SocketioSinkOptions): Sink<T> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StreamlabError('LIVE_BAD_SINK_OPTION', `socketio sink option "${issue?.path.join('.') ?? '?'}" is invalid: ${issue?.message ?? ''}`, {
      value: options,
      hint: 'see SocketioSinkOptions: namespace (required), query, maxMessagesPerSecond (0-1000], maxRowsPerMessage, snapshotRows, volatile',
    });
  }
  assertNamespace(options.namespace);
  const hub = options.hub ?? defaultLiveHub;
  let channel: QueryChannel | null = null;
  let lastBatchId = -1;
  return {
    description: `SocketIOSink[/${options.namespace}]`,
    open(ctx: SinkContext) {
      const query = options.query ?? ctx.queryName ?? ctx.queryId;
      channel = hub.channel(options.namespace, query, options);
      lastBatchId = -1;
    },
    addBatch(rows: readonly T[], info: BatchInfo) {
      if (!channel) {
        // A sink used without open(): name the channel after the namespace.
        channel = hub.channel(options.namespace, options.query ?? options.namespace, options);
      }
      if (info.batchId <= lastBatchId) return; // replay after a restart: already shown
      lastBatchId = info.batchId;
      channel.push(rows as readonly Record<string, unknown>[], info);
    },
    close() {
      channel?.flush();
    },
  };
}
