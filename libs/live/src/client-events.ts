/**
 * Events a dashboard sends to its use case (an acknowledge button, a filter): the one way data
 * goes from a browser to the server. A use case registers a handler per event name with a zod
 * schema; the live server dispatches each socket event of its namespace here. Only clients that
 * passed the namespace's token check can send (the socket never connects otherwise); every
 * payload is validated before the handler sees it; each client has a token bucket, so a stuck
 * button or a hostile page cannot flood a topic. The handler's result (or why there is none) goes
 * back to the client as the event's acknowledgement.
 */
import type { z } from 'zod';

/** What the client gets back. */
export type ClientEventResult = { ok: true; value?: unknown } | { ok: false; error: string };

/** Who sent the event: the socket's id (pseudonymous, per connection). */
export interface ClientInfo {
  clientId: string;
}

export interface ClientEventHandler<S extends z.ZodType> {
  /** The payload's schema: anything else is refused before the handler runs. */
  schema: S;
  handle(payload: z.infer<S>, client: ClientInfo): unknown | Promise<unknown>;
}

export interface ClientEventLimits {
  /** Events per second per client, sustained. Default 5. */
  ratePerSec: number;
  /** Events a client may send at once. Default 10. */
  burst: number;
}

export const CLIENT_EVENT_LIMITS: ClientEventLimits = { ratePerSec: 5, burst: 10 };

const EVENT_NAME = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * The registry of client events, per use case, and their dispatch.
 *
 * @example
 * hub.clientEvents.on('patient-vitals', 'ack', { schema: z.object({ alertId: z.string() }), handle: (p) => produce(p) });
 * await hub.clientEvents.dispatch('patient-vitals', 'ack', { alertId: 'a1' }, { clientId: 's1' }, Date.now()); // { ok: true }
 */
export class ClientEvents {
  private readonly handlers = new Map<string, ClientEventHandler<z.ZodType>>();
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(private readonly limits: ClientEventLimits = CLIENT_EVENT_LIMITS) {}

  /** Registers the handler of `event` in `namespace`; returns its removal. */
  on<S extends z.ZodType>(namespace: string, event: string, handler: ClientEventHandler<S>): () => void {
    if (!EVENT_NAME.test(event)) throw new Error(`client event name "${event}": use lowercase letters, digits and dashes (e.g. "ack")`);
    const key = `${namespace}/${event}`;
    if (this.handlers.has(key)) throw new Error(`client event "${event}" of "${namespace}" already has a handler`);
    this.handlers.set(key, handler as ClientEventHandler<z.ZodType>);
    return () => this.handlers.delete(key);
  }

  /** Whether a namespace has any handler (the server listens to its sockets only then). */
  has(namespace: string): boolean {
    for (const k of this.handlers.keys()) if (k.startsWith(`${namespace}/`)) return true;
    return false;
  }

  /**
   * Validates, rate-limits and runs one event; never throws (a failing handler is an error result).
   * `nowMs` comes from the caller, so the limiter is testable without a clock.
   */
  async dispatch(namespace: string, event: string, payload: unknown, client: ClientInfo, nowMs: number): Promise<ClientEventResult> {
    const handler = this.handlers.get(`${namespace}/${event}`);
    if (!handler) return { ok: false, error: `unknown event "${String(event).slice(0, 40)}"` };
    if (!this.take(client.clientId, nowMs)) return { ok: false, error: 'rate limited: too many events, try again in a moment' };
    const parsed = handler.schema.safeParse(payload);
    if (!parsed.success)
      return { ok: false, error: `invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` };
    try {
      const value = await handler.handle(parsed.data, client);
      return value === undefined ? { ok: true } : { ok: true, value };
    } catch (err) {
      return { ok: false, error: `failed: ${(err as Error).message ?? String(err)}` };
    }
  }

  /** Forgets a client's bucket (when it disconnects). */
  forget(clientId: string): void {
    this.buckets.delete(clientId);
  }

  private take(clientId: string, nowMs: number): boolean {
    const { ratePerSec, burst } = this.limits;
    const b = this.buckets.get(clientId) ?? { tokens: burst, atMs: nowMs };
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, nowMs - b.atMs) / 1000) * ratePerSec);
    b.atMs = nowMs;
    this.buckets.set(clientId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
