/**
 * The physical operator of row-by-row steps over object rows (`select`, `withColumn`): each object
 * row of the child becomes one new row; a row that is not an object is reported invalid (routed to
 * the error output and counted), never thrown on.
 */
import type { BatchContext } from './batch-context.js';
import type { PhysicalOperator } from './operator.js';

/**
 * @example
 * objectRowOperator('withColumn', child, (row) => ({ ...row, total: row.a + row.b }));
 */
export function objectRowOperator(name: string, child: PhysicalOperator, project: (row: Record<string, unknown>) => unknown): PhysicalOperator {
  return {
    name,
    execute(ctx: BatchContext): unknown[] {
      const input = child.execute(ctx) as Record<string, unknown>[];
      const out: unknown[] = [];
      for (let i = 0; i < input.length; i++) {
        const row = input[i]!;
        if (typeof row !== 'object' || row === null) {
          ctx.reportInvalid(row, `row is not an object: ${String(row)}`, name);
          continue;
        }
        out.push(project(row));
      }
      return out;
    },
  };
}
