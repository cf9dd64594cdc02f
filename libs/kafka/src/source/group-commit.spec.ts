import { describe, expect, it } from 'vitest';
import type { TopicPartitionOffset } from '../port.js';
import { GroupCommitter } from './group-commit.js';

/** A commit function whose calls resolve (or fail) when the test says so. */
function controlled() {
  const calls: { offsets: TopicPartitionOffset[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const send = (offsets: TopicPartitionOffset[]) => new Promise<void>((resolve, reject) => calls.push({ offsets, resolve, reject }));
  return { calls, send };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommitter', () => {
  it('returns at once, keeps one commit in flight, and sends only the newest end after it', async () => {
    const { calls, send } = controlled();
    const group = new GroupCommitter(send, () => undefined);
    group.commit({ t: { '0': 10 } });
    expect(calls.map((c) => c.offsets)).toEqual([[{ topic: 't', partition: 0, offset: 10 }]]);
    group.commit({ t: { '0': 20 } });
    group.commit({ t: { '0': 30, '1': 5 } });
    expect(calls).toHaveLength(1);
    let flushed = false;
    const flush = group.flush().then(() => (flushed = true));
    calls[0]!.resolve();
    await tick();
    expect(calls.map((c) => c.offsets)).toEqual([
      [{ topic: 't', partition: 0, offset: 10 }],
      [
        { topic: 't', partition: 0, offset: 30 },
        { topic: 't', partition: 1, offset: 5 },
      ],
    ]);
    expect(flushed).toBe(false);
    calls[1]!.resolve();
    await flush;
    expect(flushed).toBe(true);
  });

  it('reports a failed commit and goes on with the next one', async () => {
    const { calls, send } = controlled();
    const errors: unknown[] = [];
    const group = new GroupCommitter(send, (err) => errors.push(err));
    group.commit({ t: { '0': 1 } });
    calls[0]!.reject(new Error('coordinator moved'));
    await group.flush();
    expect(errors).toEqual([new Error('coordinator moved')]);
    group.commit({ t: { '0': 2 } });
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    await group.flush();
    expect(errors).toHaveLength(1);
  });

  it('flushes at once when nothing was committed', async () => {
    await new GroupCommitter(
      () => Promise.reject(new Error('never called')),
      () => undefined,
    ).flush();
  });
});
