/**
 * Stream disorder, the way real networks mess up a stream: a configured fraction of records is
 * held back a little (out of order, within `maxDelayMs` of event time), held back a lot (late:
 * more than `lateDelayMs` behind the newest event time already emitted, so a watermark of that
 * delay drops them), sent twice (duplicates), or broken (malformed). Each is labelled and counted.
 *
 * Guarantees, measured on the emitted stream (`lag` = newest event time emitted before a record
 * minus its own event time):
 * - an out-of-order record or duplicate copy has `lag <= maxDelayMs`;
 * - a late record has `lag >= lateDelayMs` (strictly more when `lateSpreadMs > 0`), except for
 *   records still held when the stream ends, which are flushed in order at the end.
 */
import type { Envelope, MalformedKind } from './envelope.js';
import { MinHeap } from './heap.js';
import type { Rng } from './prng.js';

/** Disorder configuration: fractions of generated records, delays in event-time ms. */
export interface DisorderOptions {
  /** Fraction of records delivered out of order, held back by up to `maxDelayMs`. */
  outOfOrder: number;
  /** Bound of the out-of-order (and duplicate) delay, ms of event time. */
  maxDelayMs: number;
  /** Fraction of records delivered late: more than `lateDelayMs` behind. */
  late: number;
  /** The delay late records exceed (the watermark delay of the pipeline under test). */
  lateDelayMs: number;
  /** Late records are held back between `lateDelayMs` and `lateDelayMs + lateSpreadMs`. */
  lateSpreadMs: number;
  /** Fraction of records sent a second time (the copy within `maxDelayMs`). */
  duplicates: number;
  /** Fraction of records whose wire text is broken. */
  malformed: number;
}

/** No disorder at all. */
export const NO_DISORDER: DisorderOptions = {
  outOfOrder: 0,
  maxDelayMs: 5_000,
  late: 0,
  lateDelayMs: 60_000,
  lateSpreadMs: 60_000,
  duplicates: 0,
  malformed: 0,
};

/** Counts of what the disorder stage did. */
export interface DisorderCounts {
  outOfOrder: number;
  late: number;
  duplicates: number;
  malformed: number;
}

/** Breaks a record's wire text; the default breaks the event-time field or the JSON itself. */
export type Malformer<R> = (record: R, rng: Rng) => { kind: MalformedKind; text: string };

/**
 * The default malformer: drops the time field, garbles it, truncates the JSON, or sends non-JSON.
 *
 * @example
 * const malform = defaultMalformer<{ ts: string }>('ts');
 */
export function defaultMalformer<R>(timeField: string): Malformer<R> {
  return (record, rng) => {
    const kind = rng.int(4);
    if (kind === 0 || kind === 1) {
      const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) };
      if (kind === 0) delete copy[timeField];
      else copy[timeField] = 'not-a-time';
      return { kind: kind === 0 ? 'missing-time' : 'bad-time', text: JSON.stringify(copy) };
    }
    const json = JSON.stringify(record);
    if (kind === 2) return { kind: 'truncated', text: json.slice(0, Math.max(1, Math.floor(json.length / 2))) };
    return { kind: 'not-json', text: `<<${json.length} bytes lost>>` };
  };
}

/**
 * The disorder stage. Push envelopes in generation order (event time ascending); it appends
 * what is due to `out`, holding back delayed ones. `flush` releases the rest at the end.
 *
 * @example
 * const stage = new Disorder(opts, rng.fork('disorder'), defaultMalformer('ts'));
 * for (const env of generated) stage.push(env, out);
 * stage.flush(out);
 */
export class Disorder<R> {
  readonly counts: DisorderCounts = { outOfOrder: 0, late: 0, duplicates: 0, malformed: 0 };
  private readonly before = new MinHeap<Envelope<R>>();
  private readonly after = new MinHeap<Envelope<R>>();
  private maxEmitted = Number.NEGATIVE_INFINITY;
  private readonly c1: number;
  private readonly c2: number;
  private readonly c3: number;
  private readonly c4: number;

  constructor(
    private readonly opts: DisorderOptions,
    private readonly rng: Rng,
    private readonly malform: Malformer<R>,
  ) {
    this.c1 = opts.outOfOrder;
    this.c2 = this.c1 + opts.late;
    this.c3 = this.c2 + opts.duplicates;
    this.c4 = this.c3 + opts.malformed;
  }

  /** Records currently held back. */
  get held(): number {
    return this.before.size + this.after.size;
  }

  /** Takes the next generated envelope; appends to `out` whatever is due. */
  push(env: Envelope<R>, out: Envelope<R>[]): void {
    const t = env.eventTimeMs;
    // Out-of-order records and duplicate copies whose delay ends before `t` go first.
    while (this.before.peekPriority() < t) this.release(this.before.pop()!, t, out);

    const u = this.c4 > 0 ? this.rng.next() : 1;
    if (u < this.c1) {
      const d = this.delay(this.opts.maxDelayMs);
      env.label = { ...env.label, disorder: 'out-of-order', delayMs: d };
      this.counts.outOfOrder++;
      this.before.push(t + d, env);
    } else if (u < this.c2) {
      const d = this.opts.lateDelayMs + this.delay(this.opts.lateSpreadMs);
      env.label = { ...env.label, disorder: 'late', delayMs: d };
      this.counts.late++;
      this.after.push(t + d, env);
    } else if (u < this.c3) {
      this.emit(env, out);
      const d = this.delay(this.opts.maxDelayMs);
      const copy: Envelope<R> = { ...env, label: { ...env.label, disorder: 'duplicate', delayMs: d } };
      this.counts.duplicates++;
      this.before.push(t + d, copy);
    } else if (u < this.c4) {
      const broken = this.malform(env.record, this.rng);
      env.text = broken.text;
      env.label = { ...env.label, disorder: 'malformed', malformed: broken.kind };
      this.counts.malformed++;
      this.emit(env, out);
    } else {
      this.emit(env, out);
    }
    // Late records go once something at least their delay newer has been emitted.
    while (this.after.peekPriority() <= this.maxEmitted) this.release(this.after.pop()!, this.maxEmitted, out);
  }

  /** Releases everything still held, in order of due time (end of stream). */
  flush(out: Envelope<R>[], atMs: number): void {
    while (this.before.size || this.after.size) {
      const heap = this.before.peekPriority() <= this.after.peekPriority() ? this.before : this.after;
      this.release(heap.pop()!, atMs, out);
    }
  }

  private delay(maxMs: number): number {
    // In (0, maxMs]: a held record is always behind at least one newer one.
    return maxMs <= 0 ? 0 : Math.max(1, Math.ceil(this.rng.next() * maxMs));
  }

  private release(env: Envelope<R>, atMs: number, out: Envelope<R>[]): void {
    env.emitMs = Math.max(env.emitMs, atMs);
    out.push(env);
  }

  private emit(env: Envelope<R>, out: Envelope<R>[]): void {
    if (env.eventTimeMs > this.maxEmitted) this.maxEmitted = env.eventTimeMs;
    out.push(env);
  }
}
