/**
 * The StreamLab side of `npm run bench -- peers`, as its own process like the Java peers:
 *
 *   node --conditions=development --import tsx libs/kafka/src/bench/peers/streamlab-peer.ts \
 *     --bootstrap host:port --input T --output O --workload tumbling --settings default \
 *     --checkpoint DIR --expect N
 *
 * `--input` is a comma list for a workload of several input topics (the join). `--workers N` (default
 * 1) runs the query on N threads (`runParallel`), each over its share of the partitions, when the
 * workload's query is partitioned by its keys (`Workload.parallel`); else on one.
 *
 * Prints `STARTED`, then `HALF` after the batch that took the input past half of `--expect` records
 * and `CONSUMED` after the one that read all of them (records of its streams, not of static tables); runs until killed (SIGTERM exits normally, so
 * a `node --cpu-prof` run writes its profile).
 */
import { FileSystemCheckpointFileManager, type Logger, type StreamingQueryProgress, StreamingSession } from '@streamlab/core';
import { runParallel } from '@streamlab/core/node';
import { z } from 'zod';
import { createKafkajsClient } from '../../kafkajs/kafkajs-client.js';
import { WORKLOADS } from './workloads.js';

const Args = z.object({
  bootstrap: z.string().min(1),
  input: z.string().min(1),
  output: z.string().min(1),
  workload: z.string().refine((w) => w in WORKLOADS, 'unknown workload'),
  settings: z.enum(['default', 'low-latency']).default('default'),
  checkpoint: z.string().min(1),
  expect: z.coerce.number().int().nonnegative(),
  workers: z.coerce.number().int().positive().default(1),
});

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < argv.length; i += 2) out[argv[i]!.replace(/^--/, '')] = argv[i + 1]!;
  return out;
}

const args = Args.parse(parseArgs(process.argv.slice(2)));
const workload = WORKLOADS[args.workload]!;
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const half = Math.max(1, Math.floor(args.expect / 2));
let seen = 0;
/** Counts the stream's records over every batch (of every worker) and says when half and all are read. */
function count(p: StreamingQueryProgress): void {
  const before = seen;
  // the stream's records only: a static table's rows show up as the input of its own source (`StaticTable[name]`)
  for (const s of p.sources) if (!s.description.startsWith('StaticTable[')) seen += s.numInputRows;
  if (before < half && seen >= half) process.stdout.write('HALF\n');
  if (before < args.expect && seen >= args.expect) process.stdout.write('CONSUMED\n');
}
const fail = (why: unknown): never => {
  process.stderr.write(`streamlab peer: query terminated: ${why}\n`);
  process.exit(1);
};

if (args.workers > 1 && workload.parallel) {
  const q = runParallel({
    module: new URL('./streamlab-peer-worker.ts', import.meta.url),
    workers: args.workers,
    checkpointLocation: args.checkpoint,
    // Low latency: the checkpoint is not fsynced (as Spark's on a local disk and Kafka Streams' at-least-once commits are not).
    checkpointFsync: args.settings !== 'low-latency',
    data: { bootstrap: args.bootstrap, inputs: args.input.split(','), output: args.output, workload: args.workload, settings: args.settings },
  });
  q.onProgress(count);
  q.awaitTermination().then(
    () => fail('stopped'),
    (err: unknown) => fail((err as Error).message),
  );
} else {
  const session = new StreamingSession({
    logger: silent,
    ...(args.settings === 'low-latency' ? { checkpointFileManager: new FileSystemCheckpointFileManager({ fsync: false }) } : {}),
  });
  session.streams.addListener({ onQueryProgress: count, onQueryTerminated: (e) => fail(e.exception ?? 'stopped') });
  workload.streamlab({
    client: createKafkajsClient({ brokers: args.bootstrap }),
    session,
    input: args.input.split(',')[0]!,
    inputs: args.input.split(','),
    output: args.output,
    checkpoint: args.checkpoint,
    settings: args.settings,
    partitions: workload.partitions,
  });
}
// The bench kills the process; SIGTERM exits normally, so `node --cpu-prof` writes its profile.
process.once('SIGTERM', () => process.exit(0));
process.stdout.write('STARTED\n');
