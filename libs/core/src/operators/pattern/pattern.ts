/**
 * `pattern<T>()`: keyed event sequences (our extension, Flink CEP in spirit, kept small).
 *
 * A pattern is a list of named stages, each a predicate on one event: `begin` opens it, `next`
 * adds a stage that must match the very next event of the key (strict contiguity), `followedBy`
 * one that may skip events that do not match (relaxed contiguity). `times(n)` makes the last
 * stage match `n` events; `within(d)` bounds the time from the first to the last event of a match.
 * Apply it with `stream.groupByKey(fn).pattern(p)`.
 */
import { parseDuration, type Duration } from '../../duration.js';
import { StreamlabError } from '../../errors.js';

export interface PatternStage<T> {
  readonly name: string;
  readonly predicate: (event: T) => boolean;
  /** `next` (true) or `begin`/`followedBy` (false). */
  readonly strict: boolean;
  readonly times: number;
}

export class Pattern<T, N extends string = never> {
  readonly stages: readonly PatternStage<T>[];
  readonly withinMs: number | undefined;

  /** @internal Use `pattern<T>().begin(...)`. */
  constructor(stages: readonly PatternStage<T>[], withinMs: number | undefined) {
    this.stages = stages;
    this.withinMs = withinMs;
  }

  private add<M extends string>(name: M, predicate: (event: T) => boolean, strict: boolean): Pattern<T, N | M> {
    if (typeof name !== 'string' || name.length === 0) {
      throw new StreamlabError('BAD_PATTERN', 'a pattern stage needs a non-empty name', {
        value: name,
        hint: "e.g. .followedBy('hit', (t) => t.amount > 500)",
      });
    }
    if (this.stages.some((s) => s.name === name)) {
      throw new StreamlabError('BAD_PATTERN', `pattern stage "${name}" is defined twice`, { value: name, hint: 'give every stage its own name' });
    }
    if (typeof predicate !== 'function') {
      throw new StreamlabError('BAD_PATTERN', `pattern stage "${name}" needs a predicate function`, { value: predicate, hint: '(event) => boolean' });
    }
    return new Pattern<T, N | M>([...this.stages, { name, predicate, strict, times: 1 }], this.withinMs);
  }

  /**
   * The first stage.
   *
   * @example
   * pattern<Tx>().begin('probe', (t) => t.amount < 2)
   */
  begin<M extends string>(name: M, predicate: (event: T) => boolean): Pattern<T, N | M> {
    if (this.stages.length > 0)
      throw new StreamlabError('BAD_PATTERN', 'begin() must be the first stage', { value: name, hint: 'use next() or followedBy() for later stages' });
    return this.add(name, predicate, false);
  }

  /**
   * A stage that must match the very next event of the key (strict contiguity).
   *
   * @example
   * pattern<Tx>().begin('a', isSmall).next('b', isSmall)
   */
  next<M extends string>(name: M, predicate: (event: T) => boolean): Pattern<T, N | M> {
    this.needBegin('next');
    return this.add(name, predicate, true);
  }

  /**
   * A stage that may come after other events (relaxed contiguity: non-matching events are skipped).
   *
   * @example
   * pattern<Tx>().begin('probe', (t) => t.amount < 2).followedBy('hit', (t) => t.amount > 500)
   */
  followedBy<M extends string>(name: M, predicate: (event: T) => boolean): Pattern<T, N | M> {
    this.needBegin('followedBy');
    return this.add(name, predicate, false);
  }

  /**
   * The last stage matches `n` events (with its own contiguity between them).
   *
   * @example
   * pattern<Tx>().begin('probe', (t) => t.amount < 2).times(3)
   */
  times(n: number): Pattern<T, N> {
    this.needBegin('times');
    if (!Number.isInteger(n) || n < 1)
      throw new StreamlabError('BAD_PATTERN', `times(n) needs a positive integer, got ${n}`, { value: n, hint: 'e.g. .times(3)' });
    const last = this.stages[this.stages.length - 1]!;
    return new Pattern<T, N>([...this.stages.slice(0, -1), { ...last, times: n }], this.withinMs);
  }

  /**
   * The first and last event of a match are at most `duration` apart (event time); partial
   * matches expire when the watermark passes their first event plus `duration`.
   *
   * @example
   * pattern<Tx>().begin('probe', (t) => t.amount < 2).followedBy('hit', (t) => t.amount > 500).within('10 minutes')
   */
  within(duration: Duration): Pattern<T, N> {
    this.needBegin('within');
    const ms = parseDuration(duration, 'pattern within');
    if (ms <= 0)
      throw new StreamlabError('BAD_PATTERN', `within() needs a positive duration, got ${String(duration)}`, {
        value: duration,
        hint: 'e.g. .within("10 minutes")',
      });
    return new Pattern<T, N>(this.stages, ms);
  }

  private needBegin(what: string): void {
    if (this.stages.length === 0)
      throw new StreamlabError('BAD_PATTERN', `${what}() before begin()`, { value: what, hint: "start with pattern<T>().begin('name', predicate)" });
  }

  describe(): string {
    const parts = this.stages.map((s, i) => `${i === 0 ? 'begin' : s.strict ? 'next' : 'followedBy'}(${s.name})${s.times > 1 ? `.times(${s.times})` : ''}`);
    return `${parts.join('.')}${this.withinMs !== undefined ? `.within(${this.withinMs} ms)` : ''}`;
  }
}

/**
 * Starts a pattern over events of type `T`.
 *
 * @example
 * const cardTesting = pattern<Tx>()
 *   .begin('probe', (t) => t.amount < 2)
 *   .followedBy('hit', (t) => t.amount > 500)
 *   .within('10 minutes');
 */
export function pattern<T>(): Pattern<T, never> {
  return new Pattern<T, never>([], undefined);
}

/** A match (or, with `emitTimeouts`, an expired partial match) of a pattern for one key. */
export interface PatternMatch<K, T, N extends string> {
  key: K;
  /** The matched events per stage name (empty for stages an expired partial match did not reach). */
  events: { [P in N]: T[] };
  /** Event time of the first and last matched event. */
  startMs: number;
  endMs: number;
  /** True for a partial match that expired (`within`) before completing. */
  timedOut: boolean;
}

/**
 * A partial match that expired (`within`) before completing, as sent to the `{ timedOut: sink }`
 * side output of `groupByKey(fn).pattern(p, { timedOut })`.
 *
 * @example
 * const expired: PatternTimeout<string, Tx, 'probe' | 'hit'>[] = [];
 * const timedOut: Sink<PatternTimeout<string, Tx, 'probe' | 'hit'>> = { description: 'expired probes', addBatch: (rows) => void expired.push(...rows) };
 * tx.groupByKey((t) => t.cardId).pattern(cardTesting, { timedOut });
 */
export interface PatternTimeout<K, T, N extends string> {
  key: K;
  /** The events matched so far per stage name (empty for stages it did not reach). */
  events: { [P in N]: T[] };
  /** The stage the partial match was waiting on when it expired. */
  stage: N;
  /** Event time of the first and last event matched so far. */
  startMs: number;
  endMs: number;
  /** The watermark of the batch that expired it (it passed `startMs + within`, or a later event did). */
  watermarkMs: number;
}
