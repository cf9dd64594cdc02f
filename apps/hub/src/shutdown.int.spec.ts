/**
 * How `npm start` shuts down, with real processes: npm, the hub and, with
 * `--kafka`, the local broker's JVM. Every wait is on a condition (output, an exit, /proc).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeKafka,
  descendants,
  eventually,
  isAlive,
  kafkaJavaProcess,
  processesMentioning,
  spawnCollected,
  unlessExited,
  type Spawned,
} from '@streamlab/kafka/testing';
import { WORKSPACE_ROOT } from './hub.js';

// The hub's own broker, not the one of the test run; port 0: any free port.
const env = { PORT: '0', KAFKA_BROKERS: undefined, LOG_LEVEL: 'info' };
const hubArgs = ['--conditions=development', '--import', 'tsx', 'scripts/start.ts'];

async function hubUrl(p: Spawned): Promise<string> {
  return unlessExited(
    p,
    eventually(() => /StreamLab hub running at (http:\/\/\S+?)\/ /.exec(p.stdout())?.[1], { timeoutMs: 100_000, what: 'the hub to be ready' }),
  );
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

describeKafka('npm start shutdown', () => {
  it('kill -TERM <npm pid> right after `npm start -- --kafka` is ready: queries, servers, then the broker stop; exit 0, no ECONNREFUSED, nothing left', async () => {
    const npm = spawnCollected('npm', ['start', '--', '--kafka'], { cwd: WORKSPACE_ROOT, env });
    try {
      const url = await hubUrl(npm);
      const jvm = kafkaJavaProcess(npm.pid, 'kafka.Kafka');
      expect(jvm, 'the broker JVM runs under npm').toBeDefined();
      process.kill(npm.pid, 'SIGTERM');
      const exit = await npm.exited;
      // Everything npm started ends: the hub, the JVM, the watchdog; the broker's temp dir is gone.
      await eventually(() => processesMentioning(jvm!.dir).length === 0 && !isAlive(jvm!.pid), {
        timeoutMs: 20_000,
        what: 'the hub, the JVM and its watchdog to end',
      });
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      // Finished by itself: the hub's 10 s shutdown timer exits 1 and says so (a wall-clock bound
      // here would measure the machine's load, not the shutdown).
      expect(npm.stderr() + npm.stdout()).not.toMatch(/shutdown did not finish/);
      expect(npm.stderr()).not.toMatch(/ECONNREFUSED/);
      expect(existsSync(jvm!.dir)).toBe(false);
      expect(await answers(url)).toBe(false);
    } finally {
      npm.kill('SIGKILL');
    }
  });

  it('SIGTERM during the storage format of `npm start -- --kafka` stops the format and removes the data dir', async () => {
    const hub = spawnCollected(process.execPath, hubArgs.concat('--kafka'), { cwd: WORKSPACE_ROOT, env });
    try {
      const format = await unlessExited(
        hub,
        eventually(() => kafkaJavaProcess(hub.pid, 'kafka.tools.StorageTool'), { timeoutMs: 100_000, what: 'the storage format to run' }),
      );
      hub.kill('SIGTERM');
      await hub.exited;
      await eventually(() => processesMentioning(format.dir).length === 0 && !existsSync(format.dir), {
        timeoutMs: 20_000,
        what: `${format.dir} to be removed and no Java process left on it`,
      });
    } finally {
      hub.kill('SIGKILL');
    }
  });
});

// No Kafka needed: the hub on its embedded broker.
describe('the hub and its parent', () => {
  it('the hub shuts down when the process that started it dies (a `sh -c` that does not exec, killed with SIGKILL)', async () => {
    // `; exit $?` keeps sh from exec-ing node: sh stays the hub's parent, as before `exec` in package.json.
    const sh = spawnCollected('/bin/sh', ['-c', `node ${hubArgs.join(' ')}; exit $?`], { cwd: WORKSPACE_ROOT, env });
    let hubPid: number | undefined;
    try {
      const url = await hubUrl(sh);
      hubPid = descendants(sh.pid).find((p) => isAlive(p));
      expect(hubPid, 'the hub runs under sh').toBeDefined();
      sh.kill('SIGKILL');
      await sh.exited;
      await eventually(() => !isAlive(hubPid!), { timeoutMs: 20_000, what: 'the orphaned hub to shut down' });
      expect(await answers(url)).toBe(false);
    } finally {
      sh.kill('SIGKILL');
      if (hubPid !== undefined && isAlive(hubPid)) process.kill(hubPid, 'SIGKILL');
    }
  });
});
