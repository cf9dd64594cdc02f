/**
 * A late sink (`withWatermark(..., { late })`) is told about its own rows, not the query's: late
 * records only ever arrive (append, no keys, nothing retracted) and have a LateRecord's columns,
 * whatever the query's output mode and result columns. The batch itself (id, watermark) is the
 * query's.
 */
import { describe, expect, it } from 'vitest';
import { LATE_RECORD_COLUMNS, type LateRecord, MemorySink, MemoryStream, StreamingSession, window } from '../index.js';
import type { BatchInfo, Sink, SinkContext } from '../ports.js';
import { ManualClock } from '../testing/index.js';

type Ev = { ts: number; animal: string };

/** A sink that keeps what it was told. */
function recording<T>(): Sink<T> & { opened: SinkContext[]; infos: BatchInfo[]; rows: T[][] } {
  const opened: SinkContext[] = [];
  const infos: BatchInfo[] = [];
  const rows: T[][] = [];
  return {
    description: 'recording',
    opened,
    infos,
    rows,
    open: (ctx) => void opened.push(ctx),
    addBatch: (r, info) => {
      rows.push(r.slice());
      infos.push(info);
    },
  };
}

describe('the late sink of an update-mode window count', () => {
  it('gets append mode, no key fields, nothing removed and the columns of a LateRecord, in the batch of the query', async () => {
    const input = new MemoryStream<Ev>();
    const late = recording<LateRecord<Ev>>();
    const main = new MemorySink<unknown>('main');
    const query = input
      .toStream()
      .withWatermark('ts', '10 seconds', { late })
      .groupBy(window('ts', '5 seconds'), 'animal')
      .count()
      .writeStream.outputMode('update')
      .sink(main)
      .queryName('counts')
      .session(new StreamingSession({ clock: new ManualClock(0) }))
      .start();
    try {
      input.addData([
        { ts: 10_000, animal: 'dog' },
        { ts: 30_000, animal: 'dog' },
      ]);
      await query.processAllAvailable();
      input.addData([{ ts: 12_000, animal: 'cat' }]); // window [10 s, 15 s) ended before the watermark (20 s)
      await query.processAllAvailable();
    } finally {
      await query.stop();
    }
    expect(late.opened.map((c) => [c.queryName, c.outputMode])).toEqual([['counts', 'append']]);
    expect(late.rows.flat().map((r) => [r.row.animal, r.window])).toEqual([['cat', { start: 10_000, end: 15_000 }]]);
    const info = late.infos[0]!;
    expect({ outputMode: info.outputMode, keyFields: info.keyFields, removed: info.removed, columns: info.columns }).toEqual({
      outputMode: 'append',
      keyFields: [],
      removed: [],
      columns: [...LATE_RECORD_COLUMNS],
    });
    expect(Object.keys(late.rows.flat()[0]!).sort()).toEqual([...LATE_RECORD_COLUMNS].sort());
    // the batch is the query's: same id and watermark as the result rows' batch
    const lastProgress = query.recentProgress.find((p) => p.batchId === info.batchId);
    expect(lastProgress?.eventTime.watermark).toBe(new Date(info.watermarkMs).toISOString());
    expect(info.progress.batchId).toBe(info.batchId);
  });
});
