import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts, portsFree } from './free-port.js';

describe('freePorts', () => {
  it('returns distinct ports that can be bound on 127.0.0.1', async () => {
    const ports = await freePorts(2);
    expect(new Set(ports).size).toBe(2);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('portsFree tells a taken port from a free one', async () => {
    const [free] = await freePorts(1);
    expect(await portsFree([free!])).toBe(true);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(free, '127.0.0.1', resolve));
    try {
      expect(await portsFree([free!])).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
