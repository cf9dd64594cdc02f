/**
 * The pipelines' time settings, in one place: window sizes, watermark delays (each says how late
 * a record may be and still count, so each is chosen against the lateness it must absorb) and the
 * work-order horizon. Validated once, with durations as Spark-style strings.
 */
import { parseDuration } from '@streamlab/core';
import { z } from 'zod';

const duration = z.union([z.string(), z.number()]).transform((d, ctx) => {
  try {
    return parseDuration(d);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message, input: d });
    return z.NEVER;
  }
});

const schema = z.object({
  /** Sliding statistics: window size and slide. */
  statsWindow: duration.prefault('5 minutes'),
  statsSlide: duration.prefault('1 minute'),
  /** Out-of-order readings within this delay still count in the statistics (and what is derived from them). */
  statsWatermark: duration.prefault('2 minutes'),
  /** The pattern waits this long for out-of-order readings before matching in event-time order. */
  patternWatermark: duration.prefault('30 seconds'),
  /** OEE waits this long for late gateways: a buffering gateway delivers up to ~6 minutes late. */
  oeeWatermark: duration.prefault('30 minutes'),
  /** Down readings closer than this belong to one stoppage. */
  downtimeGap: duration.prefault('2 minutes'),
  /** Statistics windows a machine must have run before its baseline is learned. */
  baselineWindows: z.number().int().positive().default(5),
  /** A work order is raised when the remaining useful life falls below this. */
  horizon: duration.prefault('2 hours'),
});

export type PipelineOptions = z.output<typeof schema>;
export type PipelineOptionsInput = z.input<typeof schema>;

/**
 * The options with their defaults, durations in ms; a bad value throws with its field named.
 *
 * @example
 * pipelineOptions({ horizon: '90 minutes' }).horizon; // 5400000
 */
export function pipelineOptions(input: PipelineOptionsInput = {}): PipelineOptions {
  return schema.parse(input);
}
