/**
 * HTTP security for the live server: headers (CSP and friends), the CORS allow-list, the
 * optional access token, and the origin check for socket connections (WebSockets are not
 * covered by CORS, so the server checks `Origin` itself).
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

/** The token a request presents: `Authorization: Bearer <t>` or the `token` query parameter. */
export function presentedToken(req: Pick<IncomingMessage, 'headers' | 'url'>): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
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
