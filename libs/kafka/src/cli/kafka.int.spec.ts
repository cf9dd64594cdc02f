/**
 * `npm run kafka`: a signal in any phase of the start leaves nothing behind; a
 * broker that dies makes the CLI fail loudly; `--data-dir` keeps the data for a restart on it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { expect, it } from 'vitest';
import { describeKafka, eventually, uniqueName } from '../testing/kafka-test.js';
import { isAlive, kafkaJavaProcess, processesMentioning, spawnCollected, unlessExited, type Spawned } from '../testing/processes.js';

const cli = fileURLToPath(new URL('./kafka.ts', import.meta.url));
const runCli = (...args: string[]) =>
  spawnCollected(process.execPath, ['--import', import.meta.resolve('tsx/esm'), '--conditions=development', cli, '--log-level', 'info', ...args], {
    env: { KAFKA_BROKERS: undefined },
  });

/** The broker list once the CLI printed it, and the JVM pid from its "running" log line. */
async function running(p: Spawned): Promise<{ brokers: string; pid: number }> {
  return unlessExited(
    p,
    eventually(
      () => {
        const brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(p.stdout())?.[1];
        const line = p
          .stderr()
          .split('\n')
          .find((l) => l.includes('press Ctrl-C to stop'));
        return brokers && line ? { brokers, pid: (JSON.parse(line) as { pid: number }).pid } : undefined;
      },
      { timeoutMs: 100_000, what: 'the broker to start' },
    ),
  );
}

async function withAdmin<T>(brokers: string, fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'kafka-cli-test', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

describeKafka('npm run kafka', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('%s during the storage format leaves no data dir and no Java process', async (signal) => {
    const p = runCli();
    try {
      const format = await unlessExited(
        p,
        eventually(() => kafkaJavaProcess(p.pid, 'kafka.tools.StorageTool'), { timeoutMs: 100_000, what: 'the storage format to run' }),
      );
      p.kill(signal);
      await p.exited;
      await eventually(() => processesMentioning(format.dir).length === 0 && !existsSync(format.dir), {
        timeoutMs: 20_000,
        what: `${format.dir} to be removed and no Java process left on it`,
      });
    } finally {
      p.kill('SIGKILL');
    }
  });

  it('a broker that dies makes it exit 1 with the log tail; --data-dir keeps the data and a restart reuses it (no new format, same cluster, same port)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'streamlab-kafka-cli-test-'));
    const topic = uniqueName('kept');
    try {
      const first = runCli('--data-dir', dataDir);
      const one = await running(first);
      const clusterId = await withAdmin(one.brokers, async (admin) => {
        await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
        return (await admin.describeCluster()).clusterId;
      });
      process.kill(one.pid, 'SIGKILL');
      const died = await first.exited;
      expect(died.code).toBe(1);
      expect(first.stderr()).toMatch(/the Kafka broker \(pid \d+\) died \(SIGKILL\)\. Last \d+ lines of .*broker-.*\.log:\n {2}\[/);
      expect(existsSync(join(dataDir, 'data', 'meta.properties')), 'the data is kept').toBe(true);

      const second = runCli('--data-dir', dataDir);
      try {
        const two = await running(second);
        expect(second.stderr()).toMatch(/already formatted/);
        expect(second.stderr()).not.toMatch(/formatting the KRaft storage/);
        expect(two.brokers).toBe(one.brokers);
        await withAdmin(two.brokers, async (admin) => {
          expect((await admin.describeCluster()).clusterId).toBe(clusterId);
          expect(await admin.listTopics()).toContain(topic);
        });
        second.kill('SIGTERM');
        expect((await second.exited).code).toBe(0);
        expect(isAlive(two.pid)).toBe(false);
        expect(existsSync(join(dataDir, 'data', 'meta.properties')), 'a clean stop keeps the data too').toBe(true);
      } finally {
        second.kill('SIGKILL');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
