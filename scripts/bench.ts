/**
 * `npm run bench [-- <filter>]`: runs every `libs/*\/src/**\/*.bench.ts` and `apps/*\/src/**\/*.bench.ts`
 * in its own child process (so peak memory is per workload), passes through the JSON lines each
 * prints (one per workload, with its baseline measured in the same run and the ratio), and writes
 * them all to `.test-results/bench.jsonl`.
 *
 * Env: BENCH_EVENTS scales the workloads down (each bench reads it), e.g. BENCH_EVENTS=1000000.
 *
 * The peer comparison (`libs/kafka/src/bench/peers/`: Kafka Streams and Spark in JVMs, many minutes)
 * runs only when named: `npm run bench -- peers`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2];

function* walk(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e === 'dist') continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (e.endsWith('.bench.ts')) yield p;
  }
}

const files: string[] = [];
for (const group of ['libs', 'apps']) {
  for (const project of readdirSync(join(root, group)).sort()) files.push(...walk(join(root, group, project, 'src')));
}
const selected = files.filter((f) => (filter ? relative(root, f).includes(filter) : !relative(root, f).includes('/peers/')));
if (selected.length === 0) {
  process.stderr.write(`no bench files${filter ? ` matching "${filter}"` : ''}\n`);
  process.exit(1);
}

const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const results: Record<string, unknown>[] = [];
let failures = 0;
process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`);
for (const file of selected) {
  const rel = relative(root, file);
  process.stdout.write(`# ${rel}\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', tsx, '--conditions=development', file], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of run.stdout.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    process.stdout.write(`${t}\n`);
    if (t.startsWith('{')) {
      try {
        results.push({ file: rel, ...(JSON.parse(t) as Record<string, unknown>) });
      } catch {
        /* not a result line */
      }
    }
  }
  if (run.status !== 0) {
    failures += 1;
    process.stderr.write(`${rel} exited with ${run.status ?? run.signal}\n`);
  }
}
mkdirSync(join(root, '.test-results'), { recursive: true });
writeFileSync(join(root, '.test-results', 'bench.jsonl'), `${results.map((r) => JSON.stringify(r)).join('\n')}\n`);
process.stdout.write(`${results.length} workloads from ${selected.length} files, ${failures} failed\n`);
process.exit(failures ? 1 : 0);
