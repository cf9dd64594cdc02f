/**
 * Decoding Kafka values into typed rows: `decodeJson(zodSchema)` is the `from_json` of StreamLab.
 * A record that does not decode or validate is not an exception: it becomes a `BadRecord` that the
 * source routes to its dead-letter output and counts.
 */
import type { z } from 'zod';
import type { KafkaRecord } from '../port.js';
import { compileJsonFastPath, type BytesDecoder } from './json-fast-path.js';
import { compileValidatedJsonPath } from './json-validated-path.js';
import { firstInvalidUtf8, isUtf8 } from './utf8.js';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Turns one Kafka record into a row, or says why it cannot. */
export type Decoder<T> = (record: KafkaRecord) => DecodeResult<T>;

export interface DecodeJsonOptions {
  /** Records whose value is larger than this many bytes are rejected. Default 1 MiB. */
  maxBytes?: number;
}

/**
 * Parses each record's value as JSON and validates it with `schema`.
 *
 * @example
 * const Tx = z.object({ cardId: z.string(), amount: z.number(), ts: z.number() });
 * kafkaSource({ subscribe: 'tx', decode: decodeJson(Tx) }); // rows are z.infer<typeof Tx>
 */
export function decodeJson<S extends z.ZodType>(schema: S, opts: DecodeJsonOptions = {}): Decoder<z.infer<S>> {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const compiled = compileJsonFastPath(schema) ?? compileValidatedJsonPath(schema);
  const fast: BytesDecoder<z.infer<S>> | undefined = compiled && ((bytes, start, end) => (end - start > maxBytes ? undefined : compiled(bytes, start, end)));
  // JSON.parse + zod: every record the fast path declines, and every error message
  const general: Decoder<z.infer<S>> = (record) => {
    const value = record.value;
    if (value === null) return { ok: false, error: 'value is null (tombstone)' };
    if (value.length > maxBytes) return { ok: false, error: `value is ${value.length} bytes, over the limit of ${maxBytes}` };
    // Strict: toString('utf8') would turn bad bytes into U+FFFD and merge different bad keys.
    if (!isUtf8(value)) return { ok: false, error: `invalid UTF-8 at byte ${firstInvalidUtf8(value)}` };
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch (err) {
      return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
      return { ok: false, error: `invalid at ${path}: ${issue?.message ?? 'does not match the schema'}` };
    }
    return { ok: true, value: parsed.data as z.infer<S> };
  };
  if (!fast) return general;
  const decoder: FastDecoder<z.infer<S>> = (record) => {
    const value = record.value;
    if (value !== null) {
      const row = fast(value, 0, value.length);
      if (row !== undefined) return { ok: true, value: row };
    }
    return general(record);
  };
  decoder[BYTES_DECODER] = fast;
  decoder[GENERAL_DECODER] = general;
  return decoder;
}

const BYTES_DECODER = Symbol('streamlab.bytesDecoder');
const GENERAL_DECODER = Symbol('streamlab.generalDecoder');

/** A decoder that can also decode straight from a value's bytes (internal: `decodeJson` on a flat schema). */
type FastDecoder<T> = Decoder<T> & { [BYTES_DECODER]?: BytesDecoder<T>; [GENERAL_DECODER]?: Decoder<T> };

/**
 * The byte-level fast path of `decoder`, if it has one. It returns a row exactly when `decoder`
 * would accept the same value with the same row, and `undefined` when `decoder` must decide
 * (including every record `decoder` rejects), so callers fall back to `decoder` then.
 */
export function bytesDecoderOf<T>(decoder: Decoder<T> | undefined): BytesDecoder<T> | undefined {
  return decoder ? (decoder as FastDecoder<T>)[BYTES_DECODER] : undefined;
}

/**
 * The general path of `decoder` alone (JSON.parse + zod), for a record its byte fast path has
 * already declined: it gives the same result as `decoder` without scanning the value again.
 * Undefined when `decoder` has no fast path.
 *
 * @example
 * const row = bytesDecoderOf(decode)?.(value, 0, value.length) ?? (generalDecoderOf(decode) ?? decode)(record);
 */
export function generalDecoderOf<T>(decoder: Decoder<T> | undefined): Decoder<T> | undefined {
  return decoder ? (decoder as FastDecoder<T>)[GENERAL_DECODER] : undefined;
}
