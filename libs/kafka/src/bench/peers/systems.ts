/**
 * How `npm run bench -- peers` builds and starts each system: StreamLab as a Node process, the
 * peers as `java` processes of benchmarks/peers built by Maven. Each gets the same arguments:
 * bootstrap, input and output topics, workload, settings, expected input records.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemName } from './report.js';
import type { PeerSettings } from './workload.js';

export interface PeerRun {
  bootstrap: string;
  input: string;
  output: string;
  workload: string;
  settings: PeerSettings;
  expect: number;
  /** A fresh directory for the run's checkpoint or state. */
  dir: string;
  /** A unique id (Kafka Streams' application.id). */
  id: string;
  /** StreamLab's worker threads (`--workers`; default 1): the other systems' threads are their own settings. */
  streamlabWorkers?: number;
}

/** The JVM options common to both peers (benchmarks/peers/README.md). */
const SPARK_OPENS = ['java.lang', 'java.lang.invoke', 'java.nio', 'sun.nio.ch', 'java.util', 'java.util.concurrent', 'sun.util.calendar'].map(
  (p) => `--add-opens=java.base/${p}=ALL-UNNAMED`,
);

/** The missing tools (`java`, `mvn`), empty when both run. */
export function missingJavaTools(): string[] {
  const missing: string[] = [];
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) missing.push('java');
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) missing.push('mvn');
  return missing;
}

/** The machine's Java and Maven versions, one line each. */
export function javaVersions(): string[] {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0] ?? '';
  const mvn = spawnSync('mvn', ['-B', '-v'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
  // Maven 3.8 colours its version line even in batch mode: drop the ESC [..m sequences.
  return [
    java.trim(),
    mvn
      .split(String.fromCharCode(27))
      .join('')
      .replace(/\[[0-9;]*m/g, '')
      .trim(),
  ];
}

/** Builds benchmarks/peers (fetching from Maven Central on the first run); throws with Maven's output on failure. */
export function buildPeers(root: string): void {
  const run = spawnSync('mvn', ['-q', '-B', '-f', join(root, 'benchmarks/peers/pom.xml'), 'package'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`mvn package of benchmarks/peers failed:\n${run.stdout}\n${run.stderr}`);
}

function classpath(root: string, module: string): string {
  const dir = join(root, 'benchmarks/peers', module, 'target');
  return `${join(dir, 'classes')}:${readFileSync(join(dir, 'classpath.txt'), 'utf8').trim()}`;
}

/** The command line (executable, arguments) of `system` for `run`. */
export function command(root: string, system: SystemName, run: PeerRun): [string, string[]] {
  const common = ['--bootstrap', run.bootstrap, '--input', run.input, '--output', run.output, '--workload', run.workload, '--settings', run.settings];
  common.push('--expect', String(run.expect));
  switch (system) {
    case 'streamlab':
      return [
        process.execPath,
        [
          '--conditions=development',
          '--import',
          'tsx',
          join(root, 'libs/kafka/src/bench/peers/streamlab-peer.ts'),
          ...common,
          '--checkpoint',
          run.dir,
          '--workers',
          String(run.streamlabWorkers ?? 1),
        ],
      ];
    case 'kafka-streams':
      return [
        'java',
        [
          '-Xmx1g',
          '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
          '-cp',
          classpath(root, 'kafka-streams'),
          'streamlab.peers.kstreams.Main',
          ...common,
          '--app-id',
          run.id,
          '--state-dir',
          run.dir,
        ],
      ];
    case 'spark':
      return [
        'java',
        [
          '-Xmx2g',
          ...SPARK_OPENS,
          `-Dlog4j2.configurationFile=${join(root, 'benchmarks/peers/spark/log4j2.properties')}`,
          '-cp',
          classpath(root, 'spark'),
          'streamlab.peers.spark.Main',
          ...common,
          '--checkpoint',
          run.dir,
        ],
      ];
  }
}
