/**
 * The fast path of a broadcast: one WebSocket frame built per message, written to each client's
 * TCP socket directly, instead of socket.io's per-client packet objects, queues, write callbacks
 * and drain events (about half of the server's CPU with 1,000 clients at 10 Hz, see
 * BENCHMARKS.md). The bytes on the wire are the ones socket.io would send (an engine.io
 * `message` packet holding the socket.io packet, in one unmasked text frame), and a frame is
 * written only when engine.io itself would write immediately: plain WebSocket transport, not
 * upgrading, no compression, nothing queued in engine.io, the transport writable. Any other
 * client (long-polling, mid-upgrade, backed up) goes through engine.io as before.
 *
 * This relies on two engine.io/ws internals, checked at every use (absent: the slow path):
 * the `ws` WebSocket of engine.io's websocket transport (`transport.socket`) and its TCP socket
 * (`_socket`); and engine.io's `writeBuffer`, which the slow-client guard already reads.
 */
import type { Socket as NetSocket } from 'node:net';
import type { Socket } from 'socket.io';

interface EngineTransport {
  name?: string;
  writable?: boolean;
  perMessageDeflate?: unknown;
  socket?: { readyState?: number; _socket?: NetSocket };
}

interface EngineConn {
  readyState?: string;
  upgrading?: boolean;
  transport?: EngineTransport;
  writeBuffer?: unknown[];
}

const WS_OPEN = 1;

/**
 * An unmasked, final WebSocket text frame (RFC 6455 section 5.2) holding `text`, header and payload in one
 * buffer so each client costs one `write` of one chunk.
 *
 * @example
 * wsTextFrame('4hello'); // <81 06 34 68 65 6c 6c 6f>
 */
export function wsTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}

function conn(socket: Socket): EngineConn {
  return socket.conn as unknown as EngineConn;
}

/** Packets engine.io holds for a socket that its transport has not taken yet. */
export function engineQueued(socket: Socket): number {
  return conn(socket).writeBuffer?.length ?? 0;
}

/**
 * Messages waiting for a client: engine.io's queue plus the bytes its TCP socket has not handed
 * to the kernel yet, counted in frames of `frameBytes` (the slow-client guard compares this to
 * `STREAMLAB_MAX_QUEUED_MESSAGES`).
 *
 * @example
 * if (pendingMessages(socket, frame.length) > 64) void socket.join('__lagging');
 */
export function pendingMessages(socket: Socket, frameBytes: number): number {
  const raw = conn(socket).transport?.socket?._socket;
  const bytes = raw?.writableLength ?? 0;
  return engineQueued(socket) + (bytes > 0 ? Math.ceil(bytes / Math.max(1, frameBytes)) : 0);
}

/**
 * The client's TCP socket when engine.io would write a packet to it right now over a plain
 * WebSocket (so writing a frame there keeps every packet in order); otherwise null.
 *
 * @example
 * const raw = directSocket(socket);
 * if (raw) raw.write(frame); else socket.conn.write(encoded);
 */
export function directSocket(socket: Socket): NetSocket | null {
  const c = conn(socket);
  const t = c.transport;
  if (t?.name !== 'websocket' || c.upgrading || c.readyState !== 'open') return null;
  if (!t.writable || t.perMessageDeflate || (c.writeBuffer?.length ?? 1) > 0) return null;
  const ws = t.socket;
  const raw = ws?._socket;
  if (!ws || ws.readyState !== WS_OPEN || !raw || !raw.writable || raw.destroyed) return null;
  return raw;
}
