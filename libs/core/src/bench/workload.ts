/**
 * Shared workload of the core benchmarks: N events over K keys, 1% out of order, in batches of
 * B, generated deterministically (same events for the engine and the baseline), a source that
 * forgets committed batches, and helpers to measure heap and RSS.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Offset, Source } from '../ports.js';
import { seededRandom } from '../testing/seeded-random.js';

export interface Event {
  ts: number;
  key: string;
  value: number;
}

export interface WorkloadConfig {
  events: number;
  keys: number;
  batchSize: number;
  /** Event-time rate: events per second of event time. */
  eventsPerSecond: number;
  outOfOrderFraction: number;
  /** How far back an out-of-order event is, at most (ms). */
  maxDelayMs: number;
}

export function workloadConfig(): WorkloadConfig {
  const events = Number(process.env.BENCH_EVENTS ?? 10_000_000);
  if (!Number.isInteger(events) || events <= 0) throw new Error(`BENCH_EVENTS must be a positive integer, got ${process.env.BENCH_EVENTS}`);
  return { events, keys: 100_000, batchSize: 100_000, eventsPerSecond: 10_000, outOfOrderFraction: 0.01, maxDelayMs: 120_000 };
}

/** Columnar event data (compact, so generating 10M events stays small). */
export interface Columns {
  ts: Float64Array;
  key: Int32Array;
  value: Float64Array;
  keyNames: string[];
}

export function generate(cfg: WorkloadConfig, seed = 42): Columns {
  const r = seededRandom(seed);
  const ts = new Float64Array(cfg.events);
  const key = new Int32Array(cfg.events);
  const value = new Float64Array(cfg.events);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const step = 1000 / cfg.eventsPerSecond;
  for (let i = 0; i < cfg.events; i++) {
    let t = start + Math.floor(i * step);
    if (r() < cfg.outOfOrderFraction) t -= Math.floor(r() * cfg.maxDelayMs);
    ts[i] = t;
    key[i] = Math.floor(r() * cfg.keys);
    value[i] = Math.floor(r() * 1000) / 10;
  }
  const keyNames = Array.from({ length: cfg.keys }, (_, k) => `key-${k}`);
  return { ts, key, value, keyNames };
}

/** The row objects of batch `b` (built outside the timed sections). */
export function batchRows(c: Columns, from: number, to: number): Event[] {
  const out = new Array<Event>(to - from);
  for (let i = from; i < to; i++) out[i - from] = { ts: c.ts[i]!, key: c.keyNames[c.key[i]!]!, value: c.value[i]! };
  return out;
}

/** A source holding only the batch not yet committed (so RSS reflects the engine, not the input). */
export class BenchSource implements Source<Event> {
  readonly description = 'BenchSource';
  private pending: Event[] = [];
  private base = 0;

  push(rows: Event[]): void {
    this.pending = rows;
  }

  latestOffset(): Offset | null {
    return this.base + this.pending.length === 0 ? null : this.base + this.pending.length;
  }

  getBatch(start: Offset | null, end: Offset): readonly Event[] {
    const from = (typeof start === 'number' ? start : 0) - this.base;
    return this.pending.slice(from, (end as number) - this.base);
  }

  commit(end: Offset): void {
    if ((end as number) === this.base + this.pending.length) {
      this.base += this.pending.length;
      this.pending = [];
    }
  }
}

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as () => void;

/** Heap used after a full GC, bytes. */
export function heapAfterGc(): number {
  gcFn();
  gcFn();
  return process.memoryUsage().heapUsed;
}

/** Tracks the peak RSS, sampled by the caller between batches. */
export class RssPeak {
  peak = process.memoryUsage().rss;
  sample(): void {
    const r = process.memoryUsage().rss;
    if (r > this.peak) this.peak = r;
  }
  get mb(): number {
    return Math.round(this.peak / 1024 / 1024);
  }
}
