/**
 * A simulated source and how it makes a reading (shared by the model and its scenarios).
 */
import type { Reading } from '../domain/reading.js';

/** One source and its habit (the entity's state). */
export interface Source {
  sourceId: string;
  /** The value this source usually reads. */
  baseline: number;
}

/**
 * Builds a reading.
 *
 * @example
 * reading({ sourceId: 'source-001', baseline: 50 }, 51.23, { now: 0, seq: 7 }); // { readingId: 'r-7', value: 51.2, ... }
 */
export function reading(source: Source, value: number, ctx: { now: number; seq: number }): Reading {
  return { readingId: `r-${ctx.seq}`, sourceId: source.sourceId, value: Math.round(value * 10) / 10, eventTime: ctx.now };
}
