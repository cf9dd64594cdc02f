/**
 * Every stage of a task is an engine query of its own, with its own offsets in its own task
 * record, so a `Source` object must belong to one stage: one reader driven by two queries would mix
 * their offsets. A part of the plan can be read by two stages, e.g. a stream that feeds two keyed
 * operators with different keys (each repartition's stage reads it) or one that is repartitioned
 * and also read directly. Such a stage gets its own copy of the source (the same partition of the
 * same topic, read again from its own offsets; the copy counts undecodable records but leaves the
 * dead letters to the first reader, so each is dead-lettered once).
 */
import { Stream, StreamlabError, type PlanNode, type Source } from '@streamlab/core';

/** A stage's plan, by name (`''`: the query). */
export interface StagePlanRef {
  stage: string;
  stream: Stream<unknown>;
}

/**
 * Gives every stage its own sources, in stage order (the first stage to read a source keeps it).
 *
 * @example
 * const stages = separateInputs(plans, (source) => ctx.copySource(source));
 */
export function separateInputs<S extends StagePlanRef>(stages: readonly S[], copySource: (source: Source<unknown>) => Source<unknown> | undefined): S[] {
  const owner = new Map<Source<unknown>, string>();
  return stages.map((s) => {
    const copies = new Map<Source<unknown>, PlanNode>();
    const done = new Map<PlanNode, PlanNode>();
    const rewrite = (node: PlanNode): PlanNode => {
      const hit = done.get(node);
      if (hit) return hit;
      let result = node;
      const source = node.kind === 'source' ? (node as { source?: Source<unknown> }).source : undefined;
      if (source) {
        const other = owner.get(source);
        if (other === undefined || other === s.stage) owner.set(source, s.stage);
        else result = copies.get(source) ?? copyOf(source, other, s.stage);
        copies.set(source, result);
      } else {
        const children = node.children.map(rewrite);
        if (children.some((c, i) => c !== node.children[i])) {
          if (!node.withChildren) {
            throw new StreamlabError('SCALE_SHARED_INPUT', `plan node ${node.describe()} cannot be rebuilt over a copy of its source`, {
              value: node.kind,
              hint: 'give the node withChildren (extend BaseNode), or read the topic once per branch (two task.kafkaSource calls)',
            });
          }
          result = node.withChildren(children);
        }
      }
      done.set(node, result);
      return result;
    };
    const copyOf = (source: Source<unknown>, other: string, stage: string): PlanNode => {
      const copy = copySource(source);
      if (!copy) {
        const name = (n: string) => (n === '' ? 'the query' : `repartition ${n}`);
        throw new StreamlabError('SCALE_SHARED_INPUT', `${source.description} is read by both ${name(other)} and ${name(stage)}, and is not a task source`, {
          value: source.description,
          hint: 'read inputs with task.kafkaSource (a stage that needs it again gets its own copy), or read the topic once per branch',
        });
      }
      owner.set(copy, stage);
      return Stream.fromSource(copy).plan;
    };
    const plan = rewrite(s.stream.plan);
    return plan === s.stream.plan ? s : { ...s, stream: new Stream(plan) };
  });
}
