/**
 * A quick check that something listens at the bootstrap servers before the hub hands them to
 * kafkajs, which would otherwise retry for ~20 s and end in an uncaught connection error.
 */
import { connect } from 'node:net';
import { StreamlabError } from '@streamlab/core';

/** Resolves with the first error code, or `null` once a TCP connection to `host:port` opens. */
function tryConnect(hostPort: string, timeoutMs: number): Promise<string | null> {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(hostPort.slice(i + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/**
 * Throws `HUB_KAFKA_UNREACHABLE` unless at least one of the comma-separated bootstrap servers
 * accepts a TCP connection.
 *
 * @example
 * await assertBrokersReachable(process.env.KAFKA_BROKERS!); // throws when nothing listens there
 */
export async function assertBrokersReachable(brokers: string, timeoutMs = 3000): Promise<void> {
  const list = brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const results = await Promise.all(list.map((b) => tryConnect(b, timeoutMs)));
  if (results.some((r) => r === null)) return;
  const why = list.map((b, i) => `${b}: ${results[i]}`).join(', ');
  throw new StreamlabError('HUB_KAFKA_UNREACHABLE', `cannot reach the Kafka broker(s) in KAFKA_BROKERS (${why})`, {
    value: brokers,
    hint: 'start one with `npm run kafka` and set KAFKA_BROKERS to the address it prints, or unset KAFKA_BROKERS to use the embedded broker (`npm start -- --kafka` starts a local one for you)',
  });
}
