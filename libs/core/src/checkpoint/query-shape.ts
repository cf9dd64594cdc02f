/**
 * The shape of a query: the parts of its plan a checkpoint depends on, one line each, in the
 * order the compiler allocates ids (depth first, children first):
 *
 * - `source <i>: <description>`: offsets in `offsets/N` are stored by source index (a source whose
 *   description differs between processes gives a stable one: `Source.checkpointDescription(i)`);
 * - `watermark <i>: <field>`: per-input watermarks are stored by watermark id (the delay may change);
 * - `stateful <i>: <describe()>`: `state/<i>/` holds that operator's state, whose layout depends
 *   on its keys and aggregates.
 *
 * Stateless steps (filter, map, select) are not part of the shape: as in Spark, changing them
 * between restarts is allowed. The fingerprint is a hash of the lines; the lines themselves are
 * stored too, so a refusal can say exactly what changed.
 */
import { sha256Hex } from './sha256.js';
import type { PlanNode } from '../plan/node.js';
import type { Source } from '../ports.js';

export interface QueryShape {
  /** sha256 of the lines (hex, first 16 characters). */
  fingerprint: string;
  lines: string[];
}

/**
 * The shape of the plan rooted at `root`.
 *
 * @example
 * queryShape(stream.plan).lines;
 * // ['source 0: MemoryStream[tx]', 'watermark 0: ts', 'stateful 0: Aggregate [window(ts, 60000 ms), cardId] [count AS n]']
 */
export function queryShape(root: PlanNode): QueryShape {
  const lines: string[] = [];
  const sources = new Set<unknown>();
  let watermarks = 0;
  let stateful = 0;
  const visit = (node: PlanNode): void => {
    for (const child of node.children) visit(child);
    if (node.kind === 'source') {
      const source = (node as { source?: unknown }).source ?? node;
      if (!sources.has(source)) {
        lines.push(`source ${sources.size}: ${describeSource(node, sources.size)}`);
        sources.add(source);
      }
    } else if (node.kind === 'watermark') {
      lines.push(`watermark ${watermarks++}: ${(node as { field?: string }).field ?? node.describe()}`);
    }
    if (node.traits.stateful) lines.push(`stateful ${stateful++}: ${node.describe()}`);
  };
  visit(root);
  return shapeOf(lines);
}

/**
 * A shape from its lines (for adapters that describe their query themselves, and for tests).
 *
 * @example
 * shapeOf(['source 0: KafkaV2[Subscribe[tx]]']).fingerprint; // 16 hex characters
 */
export function shapeOf(lines: readonly string[]): QueryShape {
  const fingerprint = sha256Hex(lines.join('\n')).slice(0, 16);
  return { fingerprint, lines: [...lines] };
}

/**
 * Why `current` cannot resume a checkpoint of `stored`, or `undefined` when it can.
 *
 * @example
 * shapeDifference(shapeOf(['stateful 0: Aggregate [a]']), shapeOf(['stateful 0: Aggregate [b]']));
 * // 'the checkpoint has "stateful 0: Aggregate [a]" where this query has "stateful 0: Aggregate [b]"'
 */
export function shapeDifference(stored: QueryShape, current: QueryShape): string | undefined {
  if (stored.fingerprint === current.fingerprint) return undefined;
  const n = Math.max(stored.lines.length, current.lines.length);
  for (let i = 0; i < n; i++) {
    const a = stored.lines[i];
    const b = current.lines[i];
    if (a === b) continue;
    if (a === undefined) return `this query has "${b}", which the checkpoint's query did not have`;
    if (b === undefined) return `the checkpoint's query had "${a}", which this query does not have`;
    return `the checkpoint has "${a}" where this query has "${b}"`;
  }
  return `the fingerprints differ (${stored.fingerprint} in the checkpoint, ${current.fingerprint} now)`;
}

function describeSource(node: PlanNode, position: number): string {
  const source = (node as { source?: Partial<Pick<Source<unknown>, 'description' | 'checkpointDescription'>> }).source;
  if (typeof source?.checkpointDescription === 'function') return source.checkpointDescription(position);
  return typeof source?.description === 'string' ? source.description : node.describe();
}
