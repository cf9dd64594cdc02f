/**
 * The child side of `serveKafkaOverIpc`: a `KafkaClient` whose every call is answered by the
 * parent process (over `process.send`, which `fork` with `serialization: 'advanced'` provides).
 */
import { StreamlabError } from '@streamlab/core';
import type { KafkaAdmin, KafkaClient, KafkaProducer, KafkaTransaction } from '../port.js';
import { isIpcMessage, type IpcCall } from './ipc-protocol.js';

/**
 * A Kafka client served by the parent process.
 *
 * @example
 * const kafka = process.env.STREAMLAB_KAFKA_IPC ? createIpcKafkaClient() : createKafkaClient();
 */
export function createIpcKafkaClient(): KafkaClient {
  const send = process.send?.bind(process);
  if (!send) {
    throw new StreamlabError('KAFKA_NO_IPC', 'this process has no IPC channel to a parent serving Kafka', {
      hint: "start it with child_process.fork(..., { serialization: 'advanced' }) and serveKafkaOverIpc(child, client)",
    });
  }
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<() => void>>();
  process.on('message', (m: unknown) => {
    if (!isIpcMessage(m)) return;
    if (m.kind === 'kafka-append') listeners.get(m.topic)?.forEach((l) => l());
    if (m.kind !== 'kafka-reply') return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.ok) p.resolve(m.result);
    else p.reject(new StreamlabError(m.error?.code ?? 'KAFKA_IPC_ERROR', m.error?.message ?? 'remote Kafka call failed', { value: m.error?.value }));
  });
  const call = <T>(op: string, args: unknown[], handle?: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const msg: IpcCall = { kind: 'kafka-call', id, op, args, ...(handle !== undefined ? { handle } : {}) };
      send(msg);
    });

  const adminMethods = [
    'createTopics',
    'listTopics',
    'topicConfigs',
    'deleteTopics',
    'createPartitions',
    'partitions',
    'topicOffsets',
    'groupOffsets',
    'commitGroupOffsets',
    'deleteRecords',
  ] as const;
  const admin = Object.fromEntries(adminMethods.map((m) => [m, (...args: unknown[]) => call(`admin.${m}`, args)])) as unknown as KafkaAdmin;

  const producer = (opts?: unknown): KafkaProducer => {
    const h = call<number>('producer.create', [opts]);
    const on = async <T>(method: string, args: unknown[]) => call<T>(`producer.${method}`, args, await h);
    return {
      connect: () => on('connect', []),
      send: (records) => on('send', [records]),
      close: () => on('close', []),
      transaction: async (): Promise<KafkaTransaction> => {
        const t = await on<number>('transaction', []);
        return {
          send: (records) => call('txn.send', [records], t),
          sendOffsets: (groupId, offsets) => call('txn.sendOffsets', [groupId, offsets], t),
          commit: () => call('txn.commit', [], t),
          abort: () => call('txn.abort', [], t),
        };
      },
    };
  };

  return {
    kind: 'embedded',
    bootstrap: 'ipc:parent',
    admin,
    producer,
    reader: (opts) => ({ read: (ranges) => call('reader.read', [ranges, opts]), close: async () => undefined }),
    onAppend: (topic, listener) => {
      let set = listeners.get(topic);
      if (!set) {
        listeners.set(topic, (set = new Set()));
        void call('watch', [topic]);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    close: async () => undefined,
  };
}
