/**
 * The Kafka names of a scale-out application (Kafka Streams' conventions): one consumer group and
 * one transactional id per task, compacted changelog topics per stateful operator.
 */

/** A stateful operator of the query, as its changelog topic names it. */
export interface OperatorRef {
  operatorId: number;
  operatorName: string;
}

/**
 * The compacted changelog topic of one stateful operator: partition `p` holds task `p`'s state.
 *
 * @example
 * changelogTopic('fraud', { operatorId: 0, operatorName: 'stateStoreSave' }); // 'fraud-stateStoreSave-0-changelog'
 * changelogTopic('fraud', { operatorId: 0, operatorName: 'dedupe' }, 'by-card'); // 'fraud-by-card-dedupe-0-changelog' (the stage before repartition 'by-card')
 */
export function changelogTopic(applicationId: string, op: OperatorRef, stage = ''): string {
  return `${applicationId}-${stage === '' ? '' : `${stage}-`}${op.operatorName}-${op.operatorId}-changelog`;
}

/**
 * The compacted topic of each task's progress (batch id, watermark, source offsets), written in
 * every batch's transaction: what a task needs beyond keyed state to resume exactly.
 *
 * @example
 * taskChangelogTopic('fraud'); // 'fraud-task-changelog'
 */
export function taskChangelogTopic(applicationId: string): string {
  return `${applicationId}-task-changelog`;
}

/**
 * The transactional id of task `task`: its next owner's producer fences the previous owner's.
 *
 * @example
 * taskTransactionalId('fraud', 3); // 'fraud-3'
 * taskTransactionalId('fraud', 3, 'by-card'); // 'fraud-by-card-3' (the stage writing repartition 'by-card')
 */
export function taskTransactionalId(applicationId: string, task: number, stage = ''): string {
  return stage === '' ? `${applicationId}-${task}` : `${applicationId}-${stage}-${task}`;
}

/** The topic configs of changelogs: compacted, so a restore reads one record per live key. */
export const CHANGELOG_CONFIGS: Record<string, string> = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0', 'segment.ms': '600000' };
