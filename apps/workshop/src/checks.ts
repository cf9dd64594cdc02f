/**
 * The check helpers of the workshop's steps: load the learner's module (or the solution), drive a
 * query batch by batch on a manual clock, and say what is wrong in the learner's words
 * ("window 12:00–12:10, animal dog: expected count 2, got 1"), not as a diff of JSON rows.
 *
 * Checks are unit tests: memory sources and a `ManualClock` for the engine, the in-process
 * embedded broker for Kafka. Nothing sleeps; every wait is "until the query has processed what
 * is available".
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemorySink, StreamingSession, type MemoryBatch, type OutputMode, type StreamingQuery, type DataStreamWriter, Stream } from '@streamlab/core';
import { ManualClock } from '@streamlab/core/testing';
import type { IsolationLevel, KafkaClient, KafkaRow } from '@streamlab/kafka';
import type { Sighting } from './sightings.js';
import { checkFailed } from './check-hint.js';

export { checkFailed } from './check-hint.js';

/** Which file of a step the checks run: the learner's `exercise.ts` or the reference `solution.ts`. */
export type ImplName = 'exercise' | 'solution';

/**
 * `WORKSHOP_IMPL` (`exercise` by default, `solution` in CI and `npm run workshop -- run N --solution`).
 *
 * @example
 * implName({ WORKSHOP_IMPL: 'solution' }); // 'solution'
 */
export function implName(env: Record<string, string | undefined> = process.env): ImplName {
  const v = env['WORKSHOP_IMPL'] ?? 'exercise';
  if (v !== 'exercise' && v !== 'solution') throw new Error(`WORKSHOP_IMPL must be 'exercise' or 'solution', got ${JSON.stringify(v)}`);
  return v;
}

/**
 * The module a step's checks run against: `./exercise.ts` or `./solution.ts` beside `stepUrl`
 * (the check's `import.meta.url`), chosen by `WORKSHOP_IMPL`. Typed by the solution's module type,
 * which the exercise shares.
 *
 * @example
 * const impl = await implementation<typeof import('./solution.js')>(import.meta.url);
 */
export async function implementation<M>(stepUrl: string, env: Record<string, string | undefined> = process.env): Promise<M> {
  const file = join(dirname(fileURLToPath(stepUrl)), `${implName(env)}.ts`);
  return (await import(file)) as M;
}

// ---------------------------------------------------------------------------------------------
// Time, in the learner's words

/** The day every check's data happens on (the simulator's start day). */
export const DAY = '2026-01-05';

/**
 * An event time on the workshop day, as the cameras write it: `at('12:07')`, `at('12:07:30')`.
 *
 * @example
 * at('12:07'); // '2026-01-05T12:07:00.000Z'
 */
export function at(hhmm: string): string {
  const [h, m, s = '00'] = hhmm.split(':');
  return `${DAY}T${h!.padStart(2, '0')}:${m}:${s}.000Z`;
}

/**
 * `at(...)` as epoch ms (window bounds are epoch ms).
 *
 * @example
 * atMs('12:00') === Date.parse('2026-01-05T12:00:00Z'); // true
 */
export function atMs(hhmm: string): number {
  return Date.parse(at(hhmm));
}

/**
 * A time of day as the learner reads it: `12:07`, or `12:07:30` when it has seconds.
 *
 * @example
 * clockTime(atMs('12:07')); // '12:07'
 */
export function clockTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(17, 19) === '00' ? iso.slice(11, 16) : iso.slice(11, 19);
}

/**
 * A window as the learner reads it.
 *
 * @example
 * windowName({ start: atMs('12:00'), end: atMs('12:10') }); // '12:00–12:10'
 */
export function windowName(w: { start: number; end: number }): string {
  return `${clockTime(w.start)}–${clockTime(w.end)}`;
}

/**
 * A window by its bounds: `win('12:00', '12:10')` is `{ start, end }` in epoch ms.
 *
 * @example
 * win('12:00', '12:10'); // { start: 1767614400000, end: 1767615000000 }
 */
export function win(start: string, end: string): { start: number; end: number } {
  return { start: atMs(start), end: atMs(end) };
}

// ---------------------------------------------------------------------------------------------
// Input data

/**
 * A sighting for a check: `sighting('s-1', '12:01', 'dog')`, with a camera, zone and confidence
 * that can be overridden.
 *
 * @example
 * sighting('s-7', '12:03', 'fox', { zone: 'woods', confidence: 0.62 });
 */
export function sighting(id: string, time: string, animal: string, more: Partial<Sighting> = {}): Sighting {
  return { id, ts: at(time), animal, camera: 'cam-01', zone: 'meadow', confidence: 0.9, ...more };
}

let offsets = 0;

/**
 * A raw Kafka row as `readStream.format('kafka')` gives it (key and value as bytes), for checks
 * that feed a MemoryStream instead of a broker.
 *
 * @example
 * kafkaRow(JSON.stringify(sighting('s-1', '12:01', 'dog')), 'cam-01');
 */
export function kafkaRow(value: string | null, key: string | null = 'cam-01', topic = 'sightings'): KafkaRow {
  return {
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    topic,
    partition: 0,
    offset: offsets++,
    timestamp: atMs('12:00'),
    timestampType: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparing rows, in the learner's words

export interface RowWords<T> {
  /** What identifies a row, e.g. `window 12:00–12:10, animal dog`. */
  name(row: T): string;
  /**
   * The value checked, e.g. the count, and what it is called (`count`). Without them the rows are
   * compared by name alone: a row is missing, unexpected, or there more than once.
   */
  value?(row: T): unknown;
  valueName?: string;
  /**
   * How the two sides are called (default: `expected` / `got`, for the engine against the check;
   * a check of a prediction says `the query printed` / `you predicted`).
   */
  expected?: string;
  got?: string;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/**
 * The differences between the expected and the actual rows (order ignored), one sentence each:
 * `window 12:00–12:10, animal dog: expected count 2, got 1`; a missing row, an unexpected one, a
 * row emitted twice. Empty when they agree.
 *
 * @example
 * compareRows([{ animal: 'dog', count: 2 }], [{ animal: 'dog', count: 1 }], { name: (r) => `animal ${r.animal}`, value: (r) => r.count, valueName: 'count' });
 * // ['animal dog: expected count 2, got 1']
 */
export function compareRows<T>(expected: readonly T[], actual: readonly T[], words: RowWords<T>): string[] {
  const exp = words.expected ?? 'expected';
  const act = words.got ?? 'got';
  const byName = (rows: readonly T[]) => {
    const m = new Map<string, unknown[]>();
    for (const r of rows) {
      const k = words.name(r);
      const list = m.get(k);
      const v = words.value ? words.value(r) : undefined;
      if (list) list.push(v);
      else m.set(k, [v]);
    }
    return m;
  };
  const want = byName(expected);
  const got = byName(actual);
  const problems: string[] = [];
  if (!words.value) {
    for (const [name, values] of want) {
      const n = got.get(name)?.length ?? 0;
      if (n === 0) problems.push(`${name}: missing`);
      else if (n !== values.length) problems.push(`${name}: ${exp} ${values.length} time(s), ${act} ${n}`);
    }
    for (const [name, values] of got)
      if (!want.has(name))
        problems.push(`${name}: not expected, but ${act === 'got' ? 'it is there' : `${act} it`}${values.length > 1 ? ` (${values.length} times)` : ''}`);
    return problems;
  }
  const valueName = words.valueName ?? 'value';
  for (const [name, values] of want) {
    const have = got.get(name);
    const v = values[0];
    if (!have) problems.push(`${name}: ${exp} ${valueName} ${show(v)}, ${act} no such row`);
    else if (have.length > 1) problems.push(`${name}: ${exp} one row (${valueName} ${show(v)}), ${act} ${have.length} rows (${have.map(show).join(', ')})`);
    else if (show(have[0]) !== show(v)) problems.push(`${name}: ${exp} ${valueName} ${show(v)}, ${act} ${show(have[0])}`);
  }
  for (const [name, values] of got) {
    if (!want.has(name)) problems.push(`${name}: ${exp} no row, ${act} ${valueName} ${values.map(show).join(', ')}`);
  }
  return problems;
}

/**
 * Fails the check with every problem on its own line, under a heading that says where they are,
 * and the hint for this failure (the runner shows it under the failing check).
 *
 * @example
 * assertNoProblems(compareRows(expected, actual, words), 'after input batch 1 (update mode)', 'update emits the rows that changed');
 */
export function assertNoProblems(problems: readonly string[], where: string, hint: string): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${p}`).join('\n');
  throw checkFailed(`${where}:\n${lines}`, hint);
}

// ---------------------------------------------------------------------------------------------
// Driving a query batch by batch

export interface DriverOptions {
  /** Processing time at start (default the workshop day's noon). */
  clock?: ManualClock;
  /** Checkpoint location (default a fresh in-session one). */
  checkpointLocation?: string;
  queryName?: string;
}

let drivers = 0;

/**
 * Runs a learner's query into a memory sink, in its own session on a `ManualClock`, one input
 * step at a time. `step(feed)` adds data, lets the query process everything available (data
 * batch, and the no-data batch a moved watermark triggers) and returns what it emitted, as
 * Spark's `CheckNewAnswer`: in complete mode the last result table, otherwise every new row.
 *
 * @example
 * const d = QueryDriver.start(countsPerWindow(sightings.toStream()), 'update');
 * const rows = await d.step(() => sightings.addData([...]));
 * await d.stop();
 */
export class QueryDriver<T> {
  readonly sink = new MemorySink<T>('workshop-check');
  readonly clock: ManualClock;
  readonly session: StreamingSession;
  readonly query: StreamingQuery;
  readonly mode: OutputMode;
  private seen = 0;

  private constructor(query: Stream<T> | DataStreamWriter<T>, mode: OutputMode, opts: DriverOptions) {
    this.mode = mode;
    this.clock = opts.clock ?? new ManualClock(atMs('12:00'));
    this.session = new StreamingSession({ clock: this.clock });
    const writer = query instanceof Stream ? query.writeStream : query;
    try {
      this.query = writer
        .outputMode(mode)
        .sink(this.sink)
        .queryName(opts.queryName ?? `check-${drivers}`)
        .option('checkpointLocation', opts.checkpointLocation ?? `memory:check-${drivers++}`)
        .session(this.session)
        .start();
    } catch (e) {
      throw new Error(`the query did not start in ${mode} mode: ${(e as Error).message}`);
    }
  }

  /** Starts `query` (a stream or an unstarted writer) in `mode`; throws a readable error when it cannot start. */
  static start<T>(query: Stream<T> | DataStreamWriter<T>, mode: OutputMode, opts: DriverOptions = {}): QueryDriver<T> {
    return new QueryDriver(query, mode, opts);
  }

  /** Feeds one input step and returns what the query emitted for it. */
  async step(feed?: () => void): Promise<T[]> {
    feed?.();
    await this.settle();
    const fresh = this.sink.batches.slice(this.seen);
    this.seen = this.sink.batches.length;
    if (this.mode === 'complete') return fresh.length === 0 ? [] : fresh[fresh.length - 1]!.rows.slice();
    return fresh.flatMap((b) => b.rows);
  }

  /** Waits until the query processed everything available; a failed query becomes a readable error. */
  async settle(): Promise<void> {
    await this.query.processAllAvailable().catch(() => undefined);
    if (this.query.exception) throw new Error(`the query failed: ${this.query.exception.message}`);
  }

  /** Every batch the sink received, with its batch id. */
  get batches(): readonly MemoryBatch<T>[] {
    return this.sink.batches;
  }

  async stop(): Promise<void> {
    await this.query.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Kafka

/** A record read back from a topic, key and value as strings (what a console consumer prints). */
export interface TopicRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

/**
 * Every record of `topic` now, partition by partition, as a console consumer would print them
 * (`read_committed` hides records of aborted and open transactions).
 *
 * @example
 * const out = await readTopic(kafka, 'rare-sightings', 'read_committed');
 */
export async function readTopic(kafka: KafkaClient, topic: string, isolationLevel: IsolationLevel = 'read_uncommitted'): Promise<TopicRecord[]> {
  if (!(await kafka.admin.listTopics()).includes(topic)) return [];
  const offsets = await kafka.admin.topicOffsets(topic, isolationLevel);
  const reader = kafka.reader({ isolationLevel });
  try {
    const parts = await reader.read(offsets.map((o) => ({ topic, partition: o.partition, from: o.low, until: o.high })));
    return parts.flat().map((r) => ({
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      key: r.key === null ? null : r.key.toString('utf8'),
      value: r.value === null ? null : r.value.toString('utf8'),
    }));
  } finally {
    await reader.close();
  }
}

let topics = 0;

/**
 * Names unique in this process, so checks sharing the embedded broker never share a topic.
 *
 * @example
 * uniqueTopic('sightings'); // 'sightings-1'
 */
export function uniqueTopic(name: string): string {
  return `${name}-${++topics}`;
}
