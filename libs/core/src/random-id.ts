/**
 * A random UUID (v4) from the Web Crypto global (`globalThis.crypto`, in Node and browsers), so the
 * core needs no `node:crypto`.
 *
 * @example
 * randomId(); // '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
 */
export function randomId(): string {
  return globalThis.crypto.randomUUID();
}
