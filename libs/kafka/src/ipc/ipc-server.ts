/**
 * Serves a `KafkaClient` (typically the embedded broker's) to a child process over its IPC channel,
 * so a query in a child can be killed at any moment while the log it reads and writes lives on in
 * the parent.
 */
import type { ChildProcess } from 'node:child_process';
import type { KafkaClient, KafkaProducer, KafkaTransaction, PartitionRange, ProducerOptions, ReaderOptions } from '../port.js';
import { isIpcMessage, type IpcAppend, type IpcCall, type IpcReply } from './ipc-protocol.js';

/**
 * Answers the child's Kafka calls with `client`. Returns a function that stops serving.
 *
 * @example
 * const child = fork('query.ts', { serialization: 'advanced', env: { STREAMLAB_KAFKA_IPC: '1' } });
 * serveKafkaOverIpc(child, createEmbeddedKafka({ broker }));
 */
export function serveKafkaOverIpc(child: ChildProcess, client: KafkaClient): () => void {
  const producers = new Map<number, KafkaProducer>();
  const txns = new Map<number, KafkaTransaction>();
  const watches: (() => void)[] = [];
  let nextHandle = 1;

  const handle = async (call: IpcCall): Promise<unknown> => {
    const [scope, method] = call.op.split('.') as [string, string];
    const args = call.args as never[];
    const arg = <T>(i: number) => call.args[i] as T;
    if (scope === 'admin') return (client.admin[method as keyof KafkaClient['admin']] as (...a: never[]) => Promise<unknown>)(...args);
    if (scope === 'reader') return client.reader(arg<ReaderOptions | undefined>(1)).read(arg<PartitionRange[]>(0));
    if (scope === 'watch') {
      const topic = arg<string>(0);
      watches.push(client.onAppend(topic, () => send({ kind: 'kafka-append', topic })));
      return undefined;
    }
    if (scope === 'producer') {
      if (method === 'create') {
        const h = nextHandle++;
        producers.set(h, client.producer(arg<ProducerOptions | undefined>(0)));
        return h;
      }
      const producer = producers.get(call.handle!);
      if (!producer) throw new Error(`no producer ${call.handle}`);
      if (method === 'transaction') {
        const h = nextHandle++;
        txns.set(h, await producer.transaction());
        return h;
      }
      if (method === 'close') producers.delete(call.handle!);
      return (producer[method as 'send'] as (...a: never[]) => Promise<unknown>)(...args);
    }
    const txn = txns.get(call.handle!);
    if (!txn) throw new Error(`no transaction ${call.handle}`);
    if (method === 'commit' || method === 'abort') txns.delete(call.handle!);
    return (txn[method as 'send'] as (...a: never[]) => Promise<unknown>)(...args);
  };

  const onMessage = (m: unknown) => {
    if (!isIpcMessage(m) || m.kind !== 'kafka-call') return;
    handle(m).then(
      (result) => send({ kind: 'kafka-reply', id: m.id, ok: true, result }),
      (err: { code?: string; message?: string; value?: unknown }) =>
        send({ kind: 'kafka-reply', id: m.id, ok: false, error: { code: err.code, message: err.message ?? String(err), value: err.value } }),
    );
  };
  // A child killed at any moment is the point: messages to a dead child are dropped, not errors.
  const send = (m: IpcReply | IpcAppend) => {
    if (child.connected) child.send(m, () => undefined);
  };
  const stop = () => {
    child.off('message', onMessage);
    watches.forEach((off) => off());
    watches.length = 0;
  };
  child.on('message', onMessage);
  child.once('exit', stop);
  return stop;
}
