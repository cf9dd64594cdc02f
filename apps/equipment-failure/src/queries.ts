/**
 * The Equipment failure dashboard's queries, declared once: `live/start.ts` names and publishes them
 * with these handles, `dashboard/main.ts` subscribes with them, `use-case.ts` points its tile at
 * them. Browser-safe (the dashboard imports it): type-only imports besides `@streamlab/live/queries`.
 */
import type { Stream } from '@streamlab/core';
import { defineQueries, query } from '@streamlab/live/queries';
import type { DeadLetterRow } from '@streamlab/live';
import type { Alert } from './domain/rules/high-average.js';
import type { sourceAverages } from './pipelines/source-averages.js';

type Rows<F extends (...args: never[]) => unknown> = ReturnType<F> extends Stream<infer R> ? R : never;

/** Readings and average value per source in 10-second windows. */
export type AveragesRow = Rows<typeof sourceAverages>;

export const queries = defineQueries({
  averages: query<AveragesRow>('averages'),
  alerts: query<Alert>('alerts'),
  /** Readings that did not decode, from the dead-letter topic. */
  deadLetters: query<DeadLetterRow>('dead-letters'),
});
