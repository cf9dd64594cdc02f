/**
 * HTTP security for the live server: headers (CSP and friends), the Host allow-list (against
 * DNS rebinding), the CORS allow-list, the optional access token, and the origin check for
 * socket connections (WebSockets are not covered by CORS, so the server checks `Origin` itself).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** The Content-Security-Policy every response carries: no inline script, nothing from other origins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the security headers on every response. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  };
}

/**
 * Compares a presented token with the expected one in constant time.
 *
 * @example
 * tokenMatches(config.token, socket.handshake.auth.token);
 */
export function tokenMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/**
 * The token a request presents: `Authorization: Bearer <t>` (the scheme in any case, RFC 7235)
 * or the `token` query parameter.
 */
export function presentedToken(req: Pick<IncomingMessage, 'headers' | 'url'>): string | undefined {
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' ? /^bearer +(\S+) *$/i.exec(auth) : null;
  if (bearer) return bearer[1];
  const q = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  return q ?? undefined;
}

/** Requires the token when one is configured; answers 401 JSON otherwise. */
export function requireToken(token: string | undefined): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!token || tokenMatches(token, presentedToken(req))) return next();
    res.status(401).json({ error: 'unauthorized', hint: 'send the STREAMLAB_TOKEN as "Authorization: Bearer <token>"' });
  };
}

/**
 * The name in a `Host` header: port dropped, IPv6 brackets removed, lower case.
 *
 * @example
 * hostName('[::1]:3000'); // '::1'
 * hostName('LocalHost:3000'); // 'localhost'
 */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(1, end);
  }
  const colon = h.indexOf(':');
  // One colon: name:port. More (a bare IPv6 address, not valid in a Host header) is kept whole.
  return colon >= 0 && colon === h.lastIndexOf(':') ? h.slice(0, colon) : h;
}

/**
 * True when a request's `Host` names this server (against DNS rebinding: a page of an attacker's
 * domain that resolves to 127.0.0.1 sends its own name). A request without `Host` is not from a
 * browser, so it is allowed.
 *
 * @example
 * hostAllowed('localhost:3000', config.allowedHosts); // true
 * hostAllowed('rebind.attacker.example:3000', config.allowedHosts); // false
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (host === undefined) return true;
  return allowed.includes(hostName(host));
}

/** Why a request for `host` is refused, and how to allow it (the body of the 403, the socket handshake's message). */
export function hostRefusal(host: string, allowed: readonly string[]): { error: 'host not allowed'; value: string; hint: string } {
  const name = hostName(host);
  const listed = allowed.map((a) => (a.includes(':') ? `[${a}]` : a)).join(', ');
  const entry = name.includes(':') ? `[${name}]` : name;
  return {
    error: 'host not allowed',
    value: name,
    hint: `this server answers only to ${listed} (DNS rebinding protection); if "${name}" is this server's name, allow it with STREAMLAB_ALLOWED_HOSTS=${entry} (comma-separated)`,
  };
}

/** Refuses requests whose `Host` is not an allowed name: 403 JSON saying which host and how to allow it. */
export function requireHost(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const host = req.headers.host;
    if (hostAllowed(host, allowed)) return next();
    res.status(403).json(hostRefusal(host ?? '', allowed));
  };
}

/**
 * True when `origin` is the request's own origin (host header) or in the allow-list.
 *
 * @example
 * originAllowed('http://localhost:3000', 'localhost:3000', []); // true
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined) return true; // not a browser cross-origin request (curl, same-origin GET)
  if (allowList.includes(origin)) return true;
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** CORS for the allow-list only; other cross-origin requests get no CORS headers (the browser blocks them). */
export function cors(allowList: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowList.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
