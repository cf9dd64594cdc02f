/**
 * Measures the local broker: start time (process start to ready, storage format included) over
 * `--runs` starts, and the JVM's resident memory once ready. Prints one JSON line.
 *
 * Run: `npx tsx --conditions=development libs/kafka/src/cli/measure-broker.ts --runs 5`
 */
import { Command } from 'commander';
import { z } from 'zod';
import { startLocalBroker } from '../broker/local-broker.js';

const opts = z
  .object({ runs: z.coerce.number().int().min(1).max(50) })
  .parse(new Command('measure-broker').option('--runs <n>', 'number of starts', '5').parse().opts());

const startups: number[] = [];
const rss: number[] = [];
for (let i = 0; i < opts.runs; i++) {
  const broker = await startLocalBroker();
  startups.push(broker.startupMs);
  rss.push(broker.rssBytes());
  await broker.stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number) => Math.round(b / 1048576);
process.stdout.write(
  `${JSON.stringify({ workload: 'local-broker-start', runs: opts.runs, startupMsMedian: median(startups), startupMs: startups, rssMiBMedian: mib(median(rss)), rssMiB: rss.map(mib) })}\n`,
);
