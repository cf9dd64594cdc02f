import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeKafka, eventually } from '../testing/kafka-test.js';
import { startLocalBroker } from './local-broker.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeKafka('the local broker process', () => {
  it('stop() ends the JVM and removes its data dir, keeping the log', async () => {
    const broker = await startLocalBroker();
    expect(broker.brokers).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(alive(broker.pid)).toBe(true);
    expect(broker.rssBytes()).toBeGreaterThan(50 * 1024 * 1024);
    await broker.stop();
    expect(alive(broker.pid)).toBe(false);
    expect(existsSync(broker.dir)).toBe(false);
    expect(existsSync(broker.logFile)).toBe(true);
  });

  it('no orphan JVM: when the process that started the broker is killed with SIGKILL, the watchdog takes the JVM down', async () => {
    const cli = fileURLToPath(new URL('../cli/kafka.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx/esm'), '--conditions=development', cli, '--log-level', 'info'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const running = await eventually(
      () => {
        const line = stderr.split('\n').find((l) => l.includes('"msg":"Kafka broker running"'));
        return line ? (JSON.parse(line) as { pid: number; dir: string }) : undefined;
      },
      { timeoutMs: 90_000, what: 'the broker to start in the child' },
    );
    expect(stdout).toMatch(/^KAFKA_BROKERS=127\.0\.0\.1:\d+\n$/);
    expect(alive(running.pid)).toBe(true);
    child.kill('SIGKILL');
    await eventually(() => !alive(running.pid) && !existsSync(running.dir), { timeoutMs: 30_000, what: 'the JVM to be gone and its dir removed' });
  });
});
