/**
 * The live server's configuration, read from the environment and validated at start with a
 * message that says what to fix.
 */
import { isIPv6 } from 'node:net';
import { z } from 'zod';
import { StreamlabError } from '@streamlab/core';

export interface LiveConfig {
  /** HTTP port (`PORT`). Default 3000; 0 picks a free port. */
  port: number;
  /** Interface to bind (`HOST`). Default `127.0.0.1` (loopback only). */
  host: string;
  /**
   * Host names the server answers to (HTTP and socket handshakes; against DNS rebinding):
   * `localhost`, `127.0.0.1`, `::1`, `HOST` unless it is a wildcard, and `STREAMLAB_ALLOWED_HOSTS`
   * (comma-separated). Lower case, IPv6 without brackets, no port.
   */
  allowedHosts: string[];
  /** When set (`STREAMLAB_TOKEN`), sockets, `/api/*` and `/metrics` require it. */
  token: string | undefined;
  /** Origins allowed besides the page's own (`STREAMLAB_CORS_ORIGINS`, comma-separated). */
  corsOrigins: string[];
  /** Largest message a client may send, bytes (`STREAMLAB_MAX_CLIENT_MESSAGE_BYTES`). Default 16 KiB. */
  maxClientMessageBytes: number;
  /** Socket connections at most (`STREAMLAB_MAX_CONNECTIONS`). Default 5000. */
  maxConnections: number;
  /** Messages a slow client may have queued before it is skipped until it catches up. Default 64. */
  maxQueuedMessages: number;
}

const origin = z
  .string()
  .trim()
  .refine((s) => /^https?:\/\/[^/\s]+$/.test(s), 'must be an origin like https://example.com:8080 (scheme, host, optional port; no path)');

/** The names every server answers to: loopback. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];
/** `HOST` values that bind every interface: not names a client would use. */
const WILDCARD_HOSTS = ['0.0.0.0', '::'];

/** A host name as matched against `Host` headers: lower case, IPv6 without brackets. */
const normalizeHost = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');

const allowedHost = z
  .string()
  .trim()
  .refine((s) => /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(s) || isIPv6(s) || (/^\[.*\]$/.test(s) && isIPv6(s.slice(1, -1))), {
    error: (iss) => `"${String(iss.input)}" must be a host name or IP address, without scheme, port or path (e.g. dash.example.com, 192.168.1.20 or [fd00::1])`,
  })
  .transform(normalizeHost);

/** A comma-separated env value as a list of `item`s (blank entries dropped; unset is empty). */
function commaList<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
}

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number from 0 to 65535 (0 picks a free one)' })
    .int({ error: 'must be a port number from 0 to 65535 (0 picks a free one)' })
    .min(0, { error: 'must be a port number from 0 to 65535 (0 picks a free one)' })
    .max(65535, { error: 'must be a port number from 0 to 65535 (0 picks a free one)' })
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  STREAMLAB_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (use e.g. `openssl rand -hex 16`)')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  STREAMLAB_CORS_ORIGINS: commaList(origin),
  STREAMLAB_ALLOWED_HOSTS: commaList(allowedHost),
  STREAMLAB_MAX_CLIENT_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(16 * 1024),
  STREAMLAB_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(5000),
  STREAMLAB_MAX_QUEUED_MESSAGES: z.coerce.number().int().min(1).default(64),
});

/**
 * Reads and validates the live server's configuration.
 *
 * @example
 * const config = loadLiveConfig(process.env); // { port: 3000, host: '127.0.0.1', token: undefined, ... }
 * loadLiveConfig({ PORT: 'abc' }); // throws LIVE_BAD_CONFIG: 'invalid live server configuration: PORT: must be a port number from 0 to 65535 (0 picks a free one), got "abc"'
 */
export function loadLiveConfig(env: Record<string, string | undefined> = process.env): LiveConfig {
  const picked: Record<string, string | undefined> = {};
  for (const k of Object.keys(envSchema.shape)) if (env[k] !== undefined && env[k] !== '') picked[k] = env[k];
  const r = envSchema.safeParse(picked);
  if (!r.success) {
    // each problem names the variable and echoes what it holds (never the token)
    const problems = r.error.issues.map((i) => {
      const key = String(i.path[0] ?? 'env');
      const given = key === 'STREAMLAB_TOKEN' ? '' : `, got ${JSON.stringify(picked[key])}`;
      return `${key}: ${i.message}${given}`;
    });
    const first = r.error.issues[0]?.path[0];
    throw new StreamlabError('LIVE_BAD_CONFIG', `invalid live server configuration: ${problems.join('; ')}`, {
      value: typeof first === 'string' ? { [first]: first === 'STREAMLAB_TOKEN' ? '<redacted>' : picked[first] } : undefined,
      hint: 'fix the environment variable(s) named above, or unset them to use the defaults',
    });
  }
  const e = r.data;
  const host = normalizeHost(e.HOST);
  const allowedHosts = [...new Set([...LOOPBACK_HOSTS, ...(WILDCARD_HOSTS.includes(host) ? [] : [host]), ...e.STREAMLAB_ALLOWED_HOSTS])];
  return {
    port: e.PORT,
    host: e.HOST,
    allowedHosts,
    token: e.STREAMLAB_TOKEN,
    corsOrigins: e.STREAMLAB_CORS_ORIGINS,
    maxClientMessageBytes: e.STREAMLAB_MAX_CLIENT_MESSAGE_BYTES,
    maxConnections: e.STREAMLAB_MAX_CONNECTIONS,
    maxQueuedMessages: e.STREAMLAB_MAX_QUEUED_MESSAGES,
  };
}
