/** Finding and reading the watermarked event-time column an issue-4 operator works with. */
import { StreamlabError } from '../../../errors.js';
import type { PlanNode, WatermarkRef } from '../../../plan/node.js';

/**
 * The event-time column of `node`'s output: `preferred` when given (must be watermarked), else
 * the only watermarked column. `undefined` when there is none.
 *
 * @example
 * eventTimeField(child, undefined, 'dedupe'); // 'ts' after .withWatermark('ts', ...)
 */
export function eventTimeField(node: PlanNode, preferred: string | undefined, operator: string): string | undefined {
  const cols: ReadonlyMap<string, WatermarkRef> = node.eventTimeColumns();
  if (preferred !== undefined) return cols.has(preferred) ? preferred : undefined;
  if (cols.size === 0) return undefined;
  if (cols.size > 1) {
    throw new StreamlabError('AMBIGUOUS_EVENT_TIME', `${operator}: several watermarked columns (${[...cols.keys()].join(', ')}): say which one is the event time`, {
      value: [...cols.keys()],
      hint: 'keep one withWatermark column before this operator, or name it in the options',
    });
  }
  return cols.keys().next().value;
}
