import { describe, expect, it } from 'vitest';
import { makeBatchInfo, makeProgress } from './batch-info.js';
import { LiveHub, PROGRESS_HISTORY, assertNamespace } from './live-hub.js';
import type { BatchMessage } from './protocol.js';
import { ManualScheduler } from './scheduler.js';

describe('LiveHub', () => {
  it('publishes channel messages to every attached transport until detached', () => {
    const hub = new LiveHub(new ManualScheduler(0));
    const a: BatchMessage[] = [];
    const b: BatchMessage[] = [];
    hub.attach({ publish: (_ns, m) => a.push(m) });
    const detachB = hub.attach({ publish: (_ns, m) => b.push(m) });
    const ch = hub.channel('demo', 'q');
    ch.push([{ x: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    detachB();
    ch.flush();
    ch.push([{ x: 2 }], makeBatchInfo({ batchId: 1, outputMode: 'append' }));
    ch.flush();
    expect(a.map((m) => m.lastBatchId)).toEqual([0, 1]);
    expect(b.map((m) => m.lastBatchId)).toEqual([0]);
  });

  it('gives a restarted query a fresh channel in the same namespace', () => {
    const hub = new LiveHub(new ManualScheduler(0));
    const first = hub.channel('demo', 'q');
    first.push([{ x: 1 }], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    const second = hub.channel('demo', 'q');
    expect(second).not.toBe(first);
    expect(hub.channels('demo')).toEqual([second]);
    expect(second.batchCount).toBe(0);
  });

  it('routes completed progress to the channel of the same query name, and tells listeners of every query', () => {
    const hub = new LiveHub(new ManualScheduler(0));
    const ch = hub.channel('demo', 'counts');
    ch.push([], makeBatchInfo({ batchId: 0, outputMode: 'append' }));
    const seen: string[] = [];
    hub.onProgress((c, p) => seen.push(`${c.query}:${p.batchId}`));
    hub.recordProgress('demo', makeProgress({ batchId: 0, outputMode: 'append', processedRowsPerSecond: 9 }, 'counts'));
    hub.recordProgress('demo', makeProgress({ batchId: 0, outputMode: 'append' }, 'unknown-query'));
    hub.recordProgress('other', makeProgress({ batchId: 0, outputMode: 'append' }, 'counts'));
    expect(seen).toEqual(['counts:0', 'unknown-query:0', 'counts:0']);
    expect(ch.lastSummary?.processedRowsPerSecond).toBe(9);
    expect(hub.progressOf('demo').map((q) => q.query)).toEqual(['counts', 'unknown-query']);
  });

  it('keeps totals over every batch of a query and its latest progress, bounded', () => {
    const hub = new LiveHub(new ManualScheduler(0));
    for (let b = 0; b < PROGRESS_HISTORY + 20; b++)
      hub.recordProgress('demo', makeProgress({ batchId: b, outputMode: 'append', numInputRows: 10, lateRows: 2 }, 'rule'));
    const [rule] = hub.progressOf('demo');
    expect(rule!.totals).toEqual({
      batches: PROGRESS_HISTORY + 20,
      inputRows: 10 * (PROGRESS_HISTORY + 20),
      lateRows: 2 * (PROGRESS_HISTORY + 20),
      invalidRows: 0,
    });
    expect(rule!.recent).toHaveLength(PROGRESS_HISTORY);
    expect(rule!.recent.at(-1)!.batchId).toBe(PROGRESS_HISTORY + 19);
  });

  it('lists declared namespaces, empty ones included', () => {
    const hub = new LiveHub();
    hub.ensureNamespace('a');
    hub.channel('b', 'q');
    expect(hub.namespaces()).toEqual(['a', 'b']);
    expect(() => hub.ensureNamespace('../etc')).toThrow(/not a valid use-case namespace/);
    expect(() => assertNamespace('-x')).toThrow();
  });
});
