import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortFree } from './port-check.js';

let holder: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (holder ? holder.close(() => r()) : r()));
  holder = undefined;
});

function hold(): Promise<number> {
  holder = createServer();
  return new Promise((resolve) => holder!.listen(0, '127.0.0.1', () => resolve((holder!.address() as { port: number }).port)));
}

describe('assertPortFree', () => {
  it('rejects a port in use at once, saying what to do', async () => {
    const port = await hold();
    await expect(assertPortFree({ host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'LIVE_PORT_UNAVAILABLE',
      message: `port ${port} on 127.0.0.1 is in use: stop what uses it, or choose another port (e.g. PORT=${port + 1} npm start)`,
    });
  });

  it('resolves for a free port, and leaves it free', async () => {
    const port = await hold();
    await new Promise<void>((r) => holder!.close(() => r()));
    holder = undefined;
    await assertPortFree({ host: '127.0.0.1', port });
    await assertPortFree({ host: '127.0.0.1', port });
  });

  it('always resolves for port 0 (a free port is picked when listening)', async () => {
    await assertPortFree({ host: '127.0.0.1', port: 0 });
  });
});
