/** Free TCP ports on 127.0.0.1, asked of the OS (bind to port 0, read the port, release it). */
import { createServer } from 'node:net';

/**
 * Finds `count` distinct free ports on 127.0.0.1.
 *
 * @example
 * const [broker, controller] = await freePorts(2);
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    }),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('unexpected server address');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/**
 * Whether every one of `ports` can be bound on 127.0.0.1 now (a kept broker reuses its ports
 * when they are still free).
 *
 * @example
 * if (await portsFree([9092, 9093])) reuse();
 */
export async function portsFree(ports: readonly number[]): Promise<boolean> {
  const results = await Promise.all(
    ports.map(
      (port) =>
        new Promise<boolean>((resolve) => {
          const server = createServer();
          server.once('error', () => resolve(false));
          server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
        }),
    ),
  );
  return results.every(Boolean);
}
