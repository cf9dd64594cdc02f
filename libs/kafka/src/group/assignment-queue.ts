/**
 * Delivers a member's assignments to its `onAssigned` in order, one at a time (both group
 * implementations use it): an assignment waits until the handling of the previous one settled.
 */
import type { Logger } from '@streamlab/core';
import type { GroupAssignment, JoinGroupOptions } from '../port.js';

export class AssignmentQueue {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly onAssigned: JoinGroupOptions['onAssigned'],
    private readonly logger: Logger,
  ) {}

  /**
   * @example
   * queue.push({ memberId: 'm-1', generation: 3, partitions: [{ topic: 'tx', partition: 0 }] });
   */
  push(assignment: GroupAssignment): void {
    this.chain = this.chain
      .then(() => this.onAssigned(assignment))
      .catch((err: unknown) => this.logger.error({ err, generation: assignment.generation }, 'onAssigned threw; ignored'));
  }

  /** Resolves once every assignment pushed so far was handled. */
  settled(): Promise<void> {
    return this.chain;
  }
}
