/**
 * `npm run kafka`: a signal in any phase of the start leaves nothing behind; a
 * broker that dies makes the CLI fail loudly; `--data-dir` keeps the data for a restart on it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from '../kafkajs/kafkajs.js';
import { expect, it } from 'vitest';
import { freePorts } from '../broker/free-port.js';
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
          .find((l) => l.includes('"msg":"Kafka broker running"'));
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
  it('a --port in use fails at once, saying so, with nothing on stdout; a bad --port echoes the value', async () => {
    const holder = createServer();
    const port = await new Promise<number>((r) => holder.listen(0, '127.0.0.1', () => r((holder.address() as { port: number }).port)));
    try {
      const p = runCli('--port', String(port));
      const exit = await p.exited;
      expect(exit.code).toBe(1);
      expect(p.stderr()).toContain(`kafka: port ${port} on 127.0.0.1 is in use: stop what uses it (another Kafka?), or choose another port`);
      expect(p.stdout()).toBe('');
    } finally {
      holder.close();
    }
    const bad = runCli('--port', 'abc');
    expect((await bad.exited).code).toBe(1);
    expect(bad.stderr()).toContain('kafka: --port must be a port number from 1 to 65535, got "abc"');
  });

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
      const [port] = await freePorts(1);
      const first = runCli('--data-dir', dataDir, '--port', String(port));
      const one = await running(first);
      // the port asked for, and plain lines for people beside the JSON logs
      expect(one.brokers).toBe(`127.0.0.1:${port}`);
      expect(first.stderr()).toMatch(new RegExp(`kafka: starting Apache Kafka \\(KRaft, one node\\) on 127\\.0\\.0\\.1:${port}`));
      expect(first.stderr()).toMatch(/kafka: ready in \d+\.\d s at 127\.0\.0\.1:\d+ \(log: .*\); Ctrl-C to stop/);
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
