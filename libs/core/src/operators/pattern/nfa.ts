/**
 * The pattern automaton of one key: partial matches advanced event by event, in event-time order.
 * Pure and synchronous: the operator feeds it events the watermark has released.
 */
import type { Pattern } from './pattern.js';

/** A partial match: the stage it waits on, how many events that stage has, the events so far. */
export interface Partial<T> {
  readonly stage: number;
  readonly count: number;
  readonly events: readonly (readonly T[])[];
  readonly startMs: number;
  readonly lastMs: number;
}

export interface Completed<T> {
  events: readonly (readonly T[])[];
  startMs: number;
  endMs: number;
}

/**
 * Feeds one event (time `t`) to the partial matches of a key. Returns the new partial matches;
 * completed matches are pushed to `done`, partial matches that can no longer complete within the
 * pattern's time bound to `expired`.
 */
export function step<T>(
  p: Pattern<T, string>,
  partials: readonly Partial<T>[],
  event: T,
  t: number,
  done: Completed<T>[],
  expired: Partial<T>[],
): Partial<T>[] {
  const stages = p.stages;
  const within = p.withinMs;
  const next: Partial<T>[] = [];
  for (const m of partials) {
    if (within !== undefined && t - m.startMs > within) {
      expired.push(m);
      continue;
    }
    const stage = stages[m.stage]!;
    if (!stage.predicate(event)) {
      // strict contiguity: the next event had to match this stage (or the next repetition)
      if (!stage.strict) next.push(m);
      continue;
    }
    advance(p, m.stage, m.count, m.events, m.startMs, event, t, next, done);
  }
  if (stages[0]!.predicate(event))
    advance(
      p,
      0,
      0,
      stages.map(() => []),
      t,
      event,
      t,
      next,
      done,
    );
  return next;
}

function advance<T>(
  p: Pattern<T, string>,
  stage: number,
  count: number,
  events: readonly (readonly T[])[],
  startMs: number,
  event: T,
  t: number,
  next: Partial<T>[],
  done: Completed<T>[],
): void {
  const evs = events.slice();
  evs[stage] = [...events[stage]!, event];
  const c = count + 1;
  if (c < p.stages[stage]!.times) {
    next.push({ stage, count: c, events: evs, startMs, lastMs: t });
    return;
  }
  if (stage + 1 === p.stages.length) {
    done.push({ events: evs, startMs, endMs: t });
    return;
  }
  next.push({ stage: stage + 1, count: 0, events: evs, startMs, lastMs: t });
}
