/**
 * Who owns which tasks of a scale-out application, from any process (a dashboard's ownership
 * view): the members of the group `<applicationId>` with their names and tasks, through the
 * port's `admin.describeGroup`. Empty while the group rebalances.
 */
import { StreamlabError } from '@streamlab/core';
import { tasksOf } from '../group/task-assignor.js';
import type { KafkaClient } from '../port.js';

/** One instance of an application, as the group shows it. */
export interface InstanceOwnership {
  memberId: string;
  /** The instance's name (`scaleOut`'s `instanceName`, default `<host>-<pid>`). */
  name: string;
  /** Tasks (input partitions) assigned to it, ascending. */
  tasks: number[];
}

/**
 * @example
 * for (const i of await describeScaleOut(client, 'fraud')) console.log(i.name, i.tasks); // 'vm-4711' [0, 1, 2, 3]
 */
export async function describeScaleOut(client: KafkaClient, applicationId: string): Promise<InstanceOwnership[]> {
  if (!client.admin.describeGroup) {
    throw new StreamlabError('SCALE_NO_GROUPS', `this Kafka client (${client.bootstrap}) cannot describe consumer groups`, {
      value: client.kind,
      hint: 'use createKafkajsClient (a real broker) or createEmbeddedKafka (in-process)',
    });
  }
  const members = await client.admin.describeGroup(applicationId);
  return members
    .map((m) => ({ memberId: m.memberId, name: m.name, tasks: tasksOf(m.partitions) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
