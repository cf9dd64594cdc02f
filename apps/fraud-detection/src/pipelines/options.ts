/**
 * Options shared by the pipelines: the watermark delay (how late a transaction may arrive and
 * still count) and the window shapes, validated in one place.
 */
import { z } from 'zod';
import { parseDuration, StreamlabError, type Duration } from '@streamlab/core';
import { rulesConfigSchema, type RulesConfig } from '../domain/rules-config.js';

const duration = z.union([z.string().min(1), z.number().nonnegative()]).refine(
  (d) => {
    try {
      parseDuration(d as Duration);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'a duration such as "30 seconds" or milliseconds' },
);

export const pipelineOptionsSchema = z.object({
  /** Watermark delay on transaction event time. */
  watermark: duration.default('15 seconds'),
  /** Velocity: sliding window size and slide. */
  velocityWindow: duration.default('5 minutes'),
  velocitySlide: duration.default('15 seconds'),
  /** Compromised merchant: sliding window size and slide. */
  merchantWindow: duration.default('5 minutes'),
  merchantSlide: duration.default('15 seconds'),
  rules: rulesConfigSchema.prefault({}),
});
export type PipelineOptions = Omit<z.output<typeof pipelineOptionsSchema>, 'rules'> & { rules: RulesConfig };
export type PipelineOptionsInput = z.input<typeof pipelineOptionsSchema>;

/**
 * Validates pipeline options, filling in defaults.
 *
 * @example
 * pipelineOptions({ watermark: '1 minute' }).velocityWindow; // '5 minutes'
 */
export function pipelineOptions(input: PipelineOptionsInput = {}): PipelineOptions {
  const r = pipelineOptionsSchema.safeParse(input);
  if (r.success) return r.data as PipelineOptions;
  const issue = r.error.issues[0]!;
  throw new StreamlabError('FRAUD_BAD_PIPELINE_OPTIONS', `pipeline option ${issue.path.join('.')} is invalid: ${issue.message}`, {
    value: input,
    hint: 'fix the option or leave it out to use the default',
  });
}
