/**
 * Is the server's port free? Checked before anything slow (a Kafka broker's start, bundling the
 * dashboards), so a port in use is reported at once rather than after the start-up.
 */
import { createServer } from 'node:net';
import { StreamlabError } from '@streamlab/core';
import type { LiveConfig } from '../config.js';

/**
 * The error for a port the server cannot listen on, with the fix in its message.
 *
 * @example
 * portError({ host: '127.0.0.1', port: 3000 }, Object.assign(new Error('x'), { code: 'EADDRINUSE' }));
 */
export function portError(config: Pick<LiveConfig, 'host' | 'port'>, err: NodeJS.ErrnoException): StreamlabError | NodeJS.ErrnoException {
  if (err.code === 'EADDRINUSE') {
    return new StreamlabError(
      'LIVE_PORT_UNAVAILABLE',
      `port ${config.port} on ${config.host} is in use: stop what uses it, or choose another port (e.g. PORT=${config.port + 1} npm start)`,
      { value: config.port, cause: err },
    );
  }
  if (err.code === 'EACCES') {
    return new StreamlabError('LIVE_PORT_UNAVAILABLE', `port ${config.port} on ${config.host} needs privileges: choose a port above 1024 with PORT`, {
      value: config.port,
      cause: err,
    });
  }
  return err;
}

/**
 * Resolves when `config.port` on `config.host` can be listened on (always for port 0), else
 * rejects with `LIVE_PORT_UNAVAILABLE` saying what to do.
 *
 * @example
 * await assertPortFree(loadLiveConfig(process.env));
 */
export function assertPortFree(config: Pick<LiveConfig, 'host' | 'port'>): Promise<void> {
  if (config.port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(portError(config, err)));
    probe.listen({ port: config.port, host: config.host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
