/**
 * Broadcasts the hub's messages on socket.io, one namespace per use case. Each message is
 * encoded once per broadcast, into one WebSocket frame written to each client's socket (see
 * ws-fanout.ts; clients not on a plain, idle WebSocket get it through engine.io). A client that
 * connects gets every query's snapshot. A client
 * that cannot keep up (more than `maxQueuedMessages` packets queued) is left out of broadcasts
 * until its queue drains, then gets fresh snapshots: server memory per slow client stays bounded
 * and no update is lost for it (the snapshot holds the current table). Volatile channels use
 * socket.io volatile emits (a client that is not ready misses that message).
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Socket as NetSocket } from 'node:net';
import type { Logger } from '@streamlab/core';
import type { ClientEventResult } from '../client-events.js';
import type { LiveHub, LiveTransport } from '../live-hub.js';
import type { BatchMessage } from '../protocol.js';
import type { LiveConfig } from '../config.js';
import type { LiveMetrics } from './metrics.js';
import { hostAllowed, hostRefusal, originAllowed, presentedToken, tokenMatches } from './security.js';
import { directSocket, pendingMessages, wsTextFrame } from './ws-fanout.js';

const LAGGING = '__lagging';
/** socket.io-parser's EVENT packet type. */
const EVENT = 2;

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
    // Runs once per connection, at the engine.io handshake (before any namespace), so a refused
    // client never holds a connection slot. A browser's WebSocket cannot send headers: the
    // dashboards pass the token in the handshake's query (`?token=`).
    allowRequest: (req, cb) => {
      if (!hostAllowed(req.headers.host, config.allowedHosts)) {
        const r = hostRefusal(req.headers.host ?? '', config.allowedHosts);
        return cb(`${r.error}: "${r.value}"; ${r.hint}`, false);
      }
      if (!originAllowed(req.headers.origin, req.headers.host, config.corsOrigins)) return cb('origin not allowed', false);
      if (config.token && !tokenMatches(config.token, presentedToken(req))) {
        return cb('unauthorized: pass the STREAMLAB_TOKEN as the handshake query parameter "token" or as "Authorization: Bearer <token>"', false);
      }
      if (io.engine.clientsCount >= config.maxConnections) return cb('too many connections', false);
      cb(null, true);
    },
  });
  const namespaces = new Map<string, Namespace>();

  // No use case lives on the main namespace: refused, so a connection cannot sit on it (a client
  // in no namespace is closed after `connectTimeout`).
  io.of('/').use((_socket, next) => next(new Error('no namespace "/": connect to /<use-case> (GET /api/use-cases lists them)')));

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
      // The handshake checked it already (allowRequest); checked again per namespace, in depth.
      const token = config.token;
      nsp.use((socket, next) => {
        const auth = socket.handshake.auth as { token?: unknown } | undefined;
        if (tokenMatches(token, auth?.token) || tokenMatches(token, presentedToken(socket.request))) next();
        else next(new Error('unauthorized: pass the STREAMLAB_TOKEN as the handshake query parameter "token"'));
      });
    }
    nsp.on('connection', (socket) => {
      metrics.clients.inc({ use_case: name });
      catchUp(name, socket);
      const onDrain = () => {
        if (socket.rooms.has(LAGGING) && pendingMessages(socket, 1) === 0) {
          void socket.leave(LAGGING);
          catchUp(name, socket);
        }
      };
      socket.conn.on('drain', onDrain);
      // Client events (see client-events.ts): this socket passed the token check to get here; the
      // registry validates and rate-limits, and its result is the event's acknowledgement.
      socket.onAny((event: unknown, ...args: unknown[]) => {
        const last = args.at(-1);
        const reply = typeof last === 'function' ? (last as (r: ClientEventResult) => void) : undefined;
        if (typeof event !== 'string') return;
        void hub.clientEvents.dispatch(name, event, args[0], { clientId: socket.id }, Date.now()).then((r) => {
          if (!r.ok) logger.debug({ useCase: name, event: event.slice(0, 40), error: r.error }, 'client event refused');
          reply?.(r);
        });
      });
      socket.on('disconnect', () => {
        metrics.clients.dec({ use_case: name });
        socket.conn.off('drain', onDrain);
        hub.clientEvents.forget(socket.id);
      });
    });
    namespaces.set(name, nsp);
    return nsp;
  };

  /**
   * One encoding and one frame per message; per client, one write of that frame. Lagging clients
   * are skipped, and caught up with a snapshot (which holds this message's rows) once drained.
   */
  const broadcast = (name: string, nsp: Namespace, msg: BatchMessage, volatile: boolean): boolean => {
    const encoded = io.encoder.encode({ type: EVENT, nsp: `/${name}`, data: ['batch', msg] }) as unknown[];
    if (encoded.length !== 1 || typeof encoded[0] !== 'string') return false; // binary attachments: socket.io's path
    const packet = encoded[0];
    const frame = wsTextFrame(`4${packet}`); // "4": engine.io's message packet type
    const viaEngine: Socket[] = [];
    for (const socket of nsp.sockets.values()) {
      let raw: NetSocket | null;
      if (volatile) {
        raw = directSocket(socket);
        if (raw && raw.writableLength > 0) continue; // not ready: a volatile message is missed, never queued
        if (!raw && !(socket.conn.transport as unknown as { writable: boolean }).writable) continue;
      } else {
        if (socket.rooms.has(LAGGING)) {
          if (pendingMessages(socket, frame.length) === 0) {
            void socket.leave(LAGGING);
            catchUp(name, socket);
          }
          continue;
        }
        if (pendingMessages(socket, frame.length) > config.maxQueuedMessages) {
          void socket.join(LAGGING);
          metrics.slowClientSkips.inc({ use_case: name });
          continue;
        }
        raw = directSocket(socket);
      }
      if (raw) raw.write(frame);
      else viaEngine.push(socket);
    }
    for (const socket of viaEngine) socket.conn.write(packet, { wsPreEncodedFrame: [frame] } as never);
    return true;
  };

  const publish = (name: string, msg: BatchMessage, volatile: boolean) => {
    const nsp = ensureNamespace(name);
    try {
      if (!broadcast(name, nsp, msg, volatile)) {
        if (volatile) nsp.volatile.emit('batch', msg);
        else nsp.except(LAGGING).emit('batch', msg);
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
