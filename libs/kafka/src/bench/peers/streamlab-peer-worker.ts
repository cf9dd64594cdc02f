/**
 * One worker of the StreamLab peer run with `--workers N` (`runParallel`): the workload's query
 * over this worker's share of the input partitions, checkpointed under `<checkpoint>/worker-<i>`.
 */
import type { ParallelContext } from '@streamlab/core/node';
import { createKafkajsClient } from '../../kafkajs/kafkajs-client.js';
import type { PeerSettings } from './workload.js';
import { WORKLOADS } from './workloads.js';

export interface PeerWorkerData {
  bootstrap: string;
  inputs: string[];
  output: string;
  workload: string;
  settings: PeerSettings;
}

export default function peerWorker(ctx: ParallelContext<PeerWorkerData>) {
  const { bootstrap, inputs, output, workload, settings } = ctx.data;
  const w = WORKLOADS[workload]!;
  return w.streamlab({
    client: createKafkajsClient({ brokers: bootstrap }),
    session: ctx.session,
    input: inputs[0]!,
    inputs,
    output,
    checkpoint: ctx.checkpointLocation!,
    settings,
    partitions: w.partitions,
    shard: ctx.shard,
  });
}
