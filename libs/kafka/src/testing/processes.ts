/**
 * Helpers for integration tests that spawn the CLIs (`npm start`, `npm run kafka`) and check how
 * they shut down: a child whose output is collected and whose exit can be awaited, and its process
 * tree read from `/proc` (Linux), so a test can tell which processes outlived it.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Spawned {
  readonly pid: number;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Spawns a command with piped output. `env` entries set to `undefined` are removed from the
 * inherited environment (e.g. `KAFKA_BROKERS`, which the integration setup sets).
 *
 * @example
 * const hub = spawnCollected('npm', ['start', '--', '--kafka'], { cwd: root, env: { PORT: '0', KAFKA_BROKERS: undefined } });
 */
export function spawnCollected(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; detached?: boolean } = {},
): Spawned {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) if (v !== undefined) env[k] = v;
  const spawnOpts: SpawnOptions = {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.detached ? { detached: true } : {}),
  };
  const child = spawn(command, args, spawnOpts);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  return { pid: child.pid, stdout: () => out, stderr: () => err, exited, kill: (signal) => void child.kill(signal) };
}

/**
 * `wait`, failing at once (with the output) if `p` exits first: a CLI that dies during its start
 * fails the test then, not at the end of a long timeout.
 *
 * @example
 * const url = await unlessExited(hub, eventually(() => /running at (\S+)/.exec(hub.stdout())?.[1]));
 */
export async function unlessExited<T>(p: Spawned, wait: Promise<T>): Promise<T> {
  const early = p.exited.then((e) => {
    throw new Error(`the process exited (${e.signal ?? e.code}) first; stdout: ${p.stdout().slice(-1000)}; stderr: ${p.stderr().slice(-2000)}`);
  });
  early.catch(() => undefined);
  return Promise.race([wait, early]);
}

/** The command line of a process ('' once it is gone). */
export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Whether a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Every descendant of `pid` alive now (children, their children, ...), from `/proc/<pid>/task/<tid>/children`.
 *
 * @example
 * const tree = descendants(npm.pid); // [sh, node, java, ...]
 */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const tid of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(/\s+/).filter(Boolean).map(Number)) {
        if (!found.includes(c)) {
          found.push(c);
          visit(c);
        }
      }
    }
  };
  visit(pid);
  return found;
}

/**
 * The data dir of the local broker's Java process (the storage format or the broker) among the
 * descendants of `pid`, read from its `-Dkafka.logs.dir=` argument.
 *
 * @example
 * const format = kafkaJavaProcess(hub.pid, 'kafka.tools.StorageTool'); // { pid, dir } during the format
 */
export function kafkaJavaProcess(pid: number, mainClass: 'kafka.tools.StorageTool' | 'kafka.Kafka'): { pid: number; dir: string } | undefined {
  for (const p of descendants(pid)) {
    const cmd = cmdlineOf(p);
    const dir = /-Dkafka\.logs\.dir=(\S+)/.exec(cmd)?.[1];
    if (dir && cmd.includes(` ${mainClass} `)) return { pid: p, dir };
  }
  return undefined;
}

/**
 * Live processes whose command line contains `text` (e.g. a broker's data dir), from `/proc`.
 *
 * @example
 * expect(processesMentioning(dir)).toEqual([]); // nothing runs on that dir any more
 */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid !== process.pid && cmdlineOf(pid).includes(text) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}
