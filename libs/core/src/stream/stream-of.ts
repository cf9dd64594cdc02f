/**
 * How modules below `Stream` (the grouped and keyed streams, the reader) make a `Stream` without
 * importing `stream.ts` at run time, which imports them: `stream.ts` hands its constructor here
 * when it loads. This keeps the core's import graph acyclic (`scripts/boundaries.ts` checks it).
 * `Stream` is always loaded before any of them runs: grouped and keyed streams are made by its
 * methods, and the package entry loads it before `readStream` can be used.
 */
import { StreamlabError } from '../errors.js';
import type { PlanNode } from '../plan/node.js';
import type { Stream } from './stream.js';

let construct: ((plan: PlanNode) => Stream<unknown>) | undefined;

/** @internal Called once by `stream.ts`. */
export function provideStreamConstructor(fn: (plan: PlanNode) => Stream<unknown>): void {
  construct = fn;
}

/**
 * A new `Stream` over `plan` (what `new Stream(plan)` does).
 *
 * @example
 * return streamOf<Out>(new AggregateNode(this.plan, columns, window, entries));
 */
export function streamOf<T>(plan: PlanNode): Stream<T> {
  if (!construct) {
    throw new StreamlabError('STREAM_NOT_LOADED', 'Stream is not loaded yet', {
      value: plan.kind,
      hint: "import from '@streamlab/core' (its entry loads Stream before anything can build one)",
    });
  }
  return construct(plan) as Stream<T>;
}
