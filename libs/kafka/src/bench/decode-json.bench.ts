/**
 * `decodeJson` on ~200-byte card transactions (the fraud-detection use case's shape), against the
 * general path written out by hand in the same run (Buffer -> string -> JSON.parse -> zod
 * `safeParse`, per record). Two workloads: the refined schema (`.min/.max/.regex/.positive/.int`,
 * enums, a union + transform for the event time: scanned, then validated by zod) and the same
 * fields as plain `z.string()`/`z.number()` (scanned, no validation). Rows of both paths are
 * checked equal. Rounds alternate the two paths; the median round is reported.
 * BENCH_EVENTS scales the record count (default 200,000).
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { PlainTransaction } from './plain-transaction.js';
import type { KafkaRecord } from '../port.js';
import { decodeJson, type Decoder } from '../source/decode.js';

const N = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const ROUNDS = 7;

const id = z.string().min(1).max(64);
const Refined = z.object({
  txId: id,
  cardId: id,
  accountId: id,
  amount: z.number().positive().finite(),
  currency: z.enum(['EUR', 'GBP', 'USD', 'CHF', 'JPY', 'SEK']),
  merchantId: id,
  mcc: z.string().regex(/^\d{4}$/),
  channel: z.enum(['card-present', 'e-commerce', 'atm']),
  country: z.string().regex(/^[A-Z]{2}$/),
  city: z.string().min(1).max(80),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  deviceId: id,
  eventTime: z
    .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }), z.date()])
    .transform((v) => (typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime())),
});

const CITIES = [
  ['Paris', 'FR', 48.8566, 2.3522],
  ['Berlin', 'DE', 52.52, 13.405],
  ['London', 'GB', 51.5074, -0.1278],
  ['New York', 'US', 40.7128, -74.006],
] as const;
const CHANNELS = ['card-present', 'e-commerce', 'atm'] as const;
const CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'JPY', 'SEK'] as const;

function records(n: number): KafkaRecord[] {
  const out: KafkaRecord[] = [];
  for (let i = 0; i < n; i++) {
    const [city, country, lat, lon] = CITIES[i % CITIES.length]!;
    const tx = {
      txId: `tx-${i}`,
      cardId: `c-${i % 5000}`,
      accountId: `a-${i % 4000}`,
      amount: Math.round(((i * 7919) % 100_000) + 1) / 100,
      currency: CURRENCIES[i % CURRENCIES.length],
      merchantId: `m-${i % 800}`,
      mcc: String(5000 + (i % 900)),
      channel: CHANNELS[i % CHANNELS.length],
      country,
      city,
      lat: Math.round((lat + ((i % 97) - 48) / 1000) * 1e5) / 1e5,
      lon: Math.round((lon + ((i % 89) - 44) / 1000) * 1e5) / 1e5,
      deviceId: `pos-${i % 800}`,
      eventTime: 1_700_000_000_000 + i * 37,
    };
    out.push({ key: null, value: Buffer.from(JSON.stringify(tx)), topic: 'tx', partition: 0, offset: i, timestamp: 0, timestampType: 0, headers: [] });
  }
  return out;
}

/** The general path, written out: what `decodeJson` did before any fast path. */
function generalPath(schema: z.ZodType): Decoder<unknown> {
  return (record) => {
    const parsed = schema.safeParse(JSON.parse(record.value!.toString('utf8')));
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error.issues[0]!.message };
  };
}

function timeUs(decode: Decoder<unknown>, input: KafkaRecord[], sink: unknown[]): number {
  const t0 = performance.now();
  for (let i = 0; i < input.length; i++) {
    const r = decode(input[i]!);
    sink[i] = r.ok ? r.value : undefined;
  }
  return ((performance.now() - t0) * 1000) / input.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function workload(name: string, schema: z.ZodType, input: KafkaRecord[]): void {
  const fast = decodeJson(schema);
  const general = generalPath(schema);
  const a: unknown[] = new Array(input.length);
  const b: unknown[] = new Array(input.length);
  timeUs(general, input.slice(0, 50_000), a); // warm-up (JIT)
  timeUs(fast, input.slice(0, 50_000), b);
  const baseline: number[] = [];
  const decoded: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    baseline.push(timeUs(general, input, a));
    decoded.push(timeUs(fast, input, b));
  }
  for (let i = 0; i < input.length; i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i]) || a[i] === undefined)
      throw new Error(`${name}: rows differ at ${i}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}`);
  }
  const usPerRecord = median(decoded);
  const baselineUsPerRecord = median(baseline);
  const fields = {
    workload: name,
    records: input.length,
    bytesPerRecord: Math.round(input.reduce((s, r) => s + r.value!.length, 0) / input.length),
    usPerRecord: Math.round(usPerRecord * 1000) / 1000,
    baselineUsPerRecord: Math.round(baselineUsPerRecord * 1000) / 1000,
    ratio: Math.round((baselineUsPerRecord / usPerRecord) * 100) / 100,
    target: 'faster than the general path, same rows',
  };
  process.stdout.write(`${JSON.stringify(fields)}\n`);
}

const input = records(N);
workload('kafka.decode-json.refined-transaction', Refined, input);
workload('kafka.decode-json.plain-transaction', PlainTransaction, input);
