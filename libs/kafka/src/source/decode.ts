/**
 * Decoding Kafka values into typed rows: `decodeJson(zodSchema)` is the `from_json` of StreamLab.
 * A record that does not decode or validate is not an exception: it becomes a `BadRecord` that the
 * source routes to its dead-letter output and counts.
 */
import type { z } from 'zod';
import type { KafkaRecord } from '../port.js';

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
  return (record) => {
    const value = record.value;
    if (value === null) return { ok: false, error: 'value is null (tombstone)' };
    if (value.length > maxBytes) return { ok: false, error: `value is ${value.length} bytes, over the limit of ${maxBytes}` };
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
}
