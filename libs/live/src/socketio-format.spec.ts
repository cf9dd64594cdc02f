import { describe, expect, it } from 'vitest';
import { makeBatchInfo } from './batch-info.js';
import { defaultLiveHub } from './live-hub.js';
import { socketioSinkFromOptions } from './socketio-format.js';

describe('socketioSinkFromOptions', () => {
  it('builds a sink on the default hub from string options', async () => {
    const sink = socketioSinkFromOptions({ namespace: 'fmt-test', query: 'q', maxMessagesPerSecond: '5', volatile: 'true' });
    await sink.addBatch([{ a: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    const ch = defaultLiveHub.channels('fmt-test')[0];
    expect(ch?.query).toBe('q');
    expect(ch?.volatile).toBe(true);
    expect(ch?.intervalMs).toBe(200);
  });

  it('needs a namespace', () => {
    expect(() => socketioSinkFromOptions({})).toThrow(/namespace/);
  });

  it('rejects a non-numeric rate', () => {
    expect(() => socketioSinkFromOptions({ namespace: 'x', maxMessagesPerSecond: 'fast' })).toThrow(/maxMessagesPerSecond/);
  });
});
