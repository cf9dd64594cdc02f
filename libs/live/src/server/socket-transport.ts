/**
 * Broadcasts the hub's messages on socket.io, one namespace per use case. Each message is
 * encoded once per broadcast. A client that connects gets every query's snapshot. A client
 * that cannot keep up (more than `maxQueuedMessages` packets queued) is left out of broadcasts
 * until its queue drains, then gets fresh snapshots: server memory per slow client stays bounded
 * and no update is lost for it (the snapshot holds the current table). Volatile channels use
 * socket.io volatile emits (a client that is not ready misses that message).
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Logger } from '@streamlab/core';
import type { LiveHub, LiveTransport } from '../live-hub.js';
import type { BatchMessage } from '../protocol.js';
import type { LiveConfig } from '../config.js';
import type { LiveMetrics } from './metrics.js';
import { originAllowed, tokenMatches } from './security.js';

const LAGGING = '__lagging';

/** Packets engine.io holds for a socket that its transport has not taken yet. */
function queued(socket: Socket): number {
  return (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}

export interface SocketTransport extends LiveTransport {
  io: Server;
  /** Creates the namespace of a use case now (dashboards may connect before the first batch). */
  ensureNamespace(name: string): Namespace;
  close(): Promise<void>;
}

export function createSocketTransport(http: HttpServer, hub: LiveHub, config: LiveConfig, metrics: LiveMetrics, logger: Logger): SocketTransport {
  const io = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: config.maxClientMessageBytes,
    connectTimeout: 10_000,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    perMessageDeflate: false,
    httpCompression: false,
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: false } : undefined,
    allowRequest: (req, cb) => {
      if (!originAllowed(req.headers.origin, req.headers.host, config.corsOrigins)) return cb('origin not allowed', false);
      if (io.engine.clientsCount >= config.maxConnections) return cb('too many connections', false);
      cb(null, true);
    },
  });
  const namespaces = new Map<string, Namespace>();

  const catchUp = (name: string, socket: Socket) => {
    for (const ch of hub.channels(name)) {
      if (ch.batchCount === 0) continue;
      try {
        socket.emit('snapshot', ch.snapshot());
        metrics.messages.inc({ use_case: name, kind: 'snapshot' });
      } catch (err) {
        metrics.messages.inc({ use_case: name, kind: 'failed' });
        logger.error({ err, useCase: name, query: ch.query }, 'could not send a snapshot');
      }
    }
  };

  const ensureNamespace = (name: string): Namespace => {
    const existing = namespaces.get(name);
    if (existing) return existing;
    hub.ensureNamespace(name);
    const nsp = io.of(`/${name}`);
    if (config.token) {
      const token = config.token;
      nsp.use((socket, next) => {
        const auth = socket.handshake.auth as { token?: unknown } | undefined;
        if (tokenMatches(token, auth?.token)) next();
        else next(new Error('unauthorized: pass the STREAMLAB_TOKEN as auth.token'));
      });
    }
    nsp.on('connection', (socket) => {
      metrics.clients.inc({ use_case: name });
      catchUp(name, socket);
      const onDrain = () => {
        if (socket.rooms.has(LAGGING) && queued(socket) === 0) {
          void socket.leave(LAGGING);
          catchUp(name, socket);
        }
      };
      socket.conn.on('drain', onDrain);
      socket.on('disconnect', () => {
        metrics.clients.dec({ use_case: name });
        socket.conn.off('drain', onDrain);
      });
    });
    namespaces.set(name, nsp);
    return nsp;
  };

  const publish = (name: string, msg: BatchMessage, volatile: boolean) => {
    const nsp = ensureNamespace(name);
    try {
      if (volatile) {
        nsp.volatile.emit('batch', msg);
      } else {
        for (const socket of nsp.sockets.values()) {
          if (queued(socket) > config.maxQueuedMessages && !socket.rooms.has(LAGGING)) {
            void socket.join(LAGGING);
            metrics.slowClientSkips.inc({ use_case: name });
          }
        }
        nsp.except(LAGGING).emit('batch', msg);
      }
      metrics.messages.inc({ use_case: name, kind: volatile ? 'volatile' : 'batch' });
    } catch (err) {
      // e.g. a row that JSON cannot encode (BigInt): log and count, never fail the query
      metrics.messages.inc({ use_case: name, kind: 'failed' });
      logger.error({ err, useCase: name, query: msg.query }, 'could not broadcast a batch');
    }
  };

  return {
    io,
    ensureNamespace,
    publish,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}
