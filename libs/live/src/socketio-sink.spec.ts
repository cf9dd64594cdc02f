import { describe, expect, it } from 'vitest';
import { StreamlabError } from '@streamlab/core';
import { makeBatchInfo } from './batch-info.js';
import { LiveHub } from './live-hub.js';
import type { BatchMessage } from './protocol.js';
import { ManualScheduler } from './scheduler.js';
import { socketioSink } from './socketio-sink.js';

function hubWithTransport() {
  const clock = new ManualScheduler(0);
  const hub = new LiveHub(clock);
  const sent: { ns: string; msg: BatchMessage; volatile: boolean }[] = [];
  hub.attach({ publish: (ns, msg, volatile) => sent.push({ ns, msg, volatile }) });
  return { hub, sent, clock };
}

const ctx = (queryName: string | undefined) => ({ queryId: 'id-1', runId: 'run-1', queryName, outputMode: 'update' as const, logger: undefined as never });

describe('socketioSink', () => {
  it('publishes each batch on its use case namespace under the query name', async () => {
    const { hub, sent } = hubWithTransport();
    const sink = socketioSink({ namespace: 'demo', hub });
    await sink.open?.(ctx('counts'));
    await sink.addBatch([{ word: 'dog', n: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'update', keyFields: ['word'] }));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      ns: 'demo',
      volatile: false,
      msg: { query: 'counts', outputMode: 'update', keyFields: ['word'], rows: [{ word: 'dog', n: 1 }] },
    });
    expect(sink.description).toBe('SocketIOSink[/demo]');
  });

  it('an explicit query option wins over the query name; the query id is the fallback', async () => {
    const { hub } = hubWithTransport();
    const a = socketioSink({ namespace: 'demo', hub, query: 'custom' });
    await a.open?.(ctx('counts'));
    const b = socketioSink({ namespace: 'demo', hub });
    await b.open?.(ctx(undefined));
    expect(
      hub
        .channels('demo')
        .map((c) => c.query)
        .sort(),
    ).toEqual(['custom', 'id-1']);
  });

  it('ignores a replayed batch id (idempotent)', async () => {
    const { hub, sent, clock } = hubWithTransport();
    const sink = socketioSink({ namespace: 'demo', hub });
    await sink.open?.(ctx('q'));
    await sink.addBatch([{ i: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    clock.advance(1000);
    await sink.addBatch([{ i: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    clock.advance(1000);
    expect(sent).toHaveLength(1);
  });

  it('close() flushes what the throttle held back', async () => {
    const { hub, sent } = hubWithTransport();
    const sink = socketioSink({ namespace: 'demo', hub });
    await sink.open?.(ctx('q'));
    await sink.addBatch([{ i: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    await sink.addBatch([{ i: 2 }], makeBatchInfo({ batchId: 1, outputMode: 'append' }));
    expect(sent).toHaveLength(1);
    await sink.close?.();
    expect(sent.map((s) => s.msg.rows)).toEqual([[{ i: 1 }], [{ i: 2 }]]);
  });

  it('volatile sinks publish volatile messages', async () => {
    const { hub, sent } = hubWithTransport();
    const sink = socketioSink({ namespace: 'demo', hub, volatile: true });
    await sink.open?.(ctx('positions'));
    await sink.addBatch([{ id: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    expect(sent[0]?.volatile).toBe(true);
  });

  it('rejects a bad namespace with a coded error and a hint', () => {
    const err = (() => {
      try {
        socketioSink({ namespace: 'Fraud Detection' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StreamlabError);
    expect(err).toMatchObject({ code: 'LIVE_BAD_NAMESPACE', value: 'Fraud Detection' });
    expect((err as StreamlabError).hint).toMatch(/lowercase/);
  });

  it('rejects bad options naming the option', () => {
    expect(() => socketioSink({ namespace: 'demo', maxMessagesPerSecond: -1 })).toThrow(/maxMessagesPerSecond/);
  });
});
