/**
 * Decoding wire text (a Kafka value, an NDJSON line) into a transaction, with the reason when it
 * is not one: malformed records are routed and counted, never thrown.
 */
import { parseTransaction, type Transaction } from './schemas.js';

export type Decoded = { ok: true; value: Transaction } | { ok: false; reason: string; text: string };

/**
 * Decodes one JSON text as a transaction.
 *
 * @example
 * const d = decodeTransaction('{"txId":"t1", ...}');
 * if (!d.ok) deadLetters.push(d);
 */
export function decodeTransaction(text: string): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}`, text };
  }
  const r = parseTransaction(raw);
  return r.ok ? r : { ok: false, reason: r.reason, text };
}
