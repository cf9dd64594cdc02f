import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatefulOperator } from '../exec/operator.js';
import { FileCheckpoint, type CheckpointableOperator } from './checkpoint.js';
import type { OffsetEntry } from './entries.js';
import { shapeOf } from './query-shape.js';
import { useTempDirs } from '../node/test-dir.js';
import { errorOfAsync } from '../error-of.js';

const tempDir = useTempDirs();
const SHAPE = shapeOf(['source 0: KafkaV2[Subscribe[tx]]', 'watermark 0: ts', 'stateful 0: Aggregate [window(ts, 60000 ms), cardId] [count AS n]']);
const entry = (end: number): OffsetEntry => ({
  batchWatermarkMs: 0,
  batchTimestampMs: 1,
  inputWatermarksMs: [null],
  sources: [{ description: 'KafkaV2[Subscribe[tx]]', offset: { tx: { 0: end } } }],
});

// The engine passes its stateful operators as they are: the types must stay compatible.
const asCheckpointable = (op: StatefulOperator): CheckpointableOperator => op;

describe('FileCheckpoint.open', () => {
  it('accepts the engine operators and validates its options before writing anything', () => {
    expect(typeof asCheckpointable).toBe('function');
    const dir = tempDir();
    expect(() => FileCheckpoint.open(dir, { shape: SHAPE, retainBatches: 1 })).toThrow(/checkpoint option retainBatches is invalid/);
    expect(() => FileCheckpoint.open(dir, { shape: SHAPE, snapshotEvery: 2.5 })).toThrow(/snapshotEvery/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates metadata with a query id, the shape and the watermark policy, and keeps the id across restarts', async () => {
    const dir = tempDir();
    const first = FileCheckpoint.open(dir, { shape: SHAPE, multipleWatermarkPolicy: 'max', newQueryId: () => 'q-1' });
    expect(first.queryId).toBe('q-1');
    const text = readFileSync(join(dir, 'metadata'), 'utf8');
    expect(text.startsWith('v1\n{\n  "id": "q-1",\n  "multipleWatermarkPolicy": "max"')).toBe(true);
    expect(text).toContain('"stateful 0: Aggregate [window(ts, 60000 ms), cardId] [count AS n]"');
    const second = FileCheckpoint.open(dir, { shape: SHAPE, multipleWatermarkPolicy: 'max', newQueryId: () => 'q-2' });
    expect(second.queryId).toBe('q-1');
  });

  it('refuses a checkpoint of a query of another shape and says what differs', async () => {
    const dir = tempDir();
    FileCheckpoint.open(dir, { shape: SHAPE });
    const other = shapeOf(['source 0: KafkaV2[Subscribe[tx]]', 'watermark 0: ts', 'stateful 0: Aggregate [window(ts, 60000 ms), merchant] [count AS n]']);
    const err = await errorOfAsync(() => FileCheckpoint.open(dir, { shape: other }));
    expect(err.code).toBe('CHECKPOINT_QUERY_MISMATCH');
    expect(err.message).toContain('belongs to a different query');
    expect(err.message).toContain(
      '"stateful 0: Aggregate [window(ts, 60000 ms), cardId] [count AS n]" where this query has "stateful 0: Aggregate [window(ts, 60000 ms), merchant] [count AS n]"',
    );
    expect(err.hint).toMatch(/new checkpointLocation/);
    expect((err.value as { file: string }).file).toBe(join(dir, 'metadata'));
  });

  it('refuses a checkpoint whose query had one more stateful operator', async () => {
    const dir = tempDir();
    FileCheckpoint.open(dir, { shape: shapeOf([...SHAPE.lines, 'stateful 1: Deduplicate [id]']) });
    const err = await errorOfAsync(() => FileCheckpoint.open(dir, { shape: SHAPE }));
    expect(err.message).toContain('had "stateful 1: Deduplicate [id]", which this query does not have');
  });

  it('refuses to change multipleWatermarkPolicy on restart', async () => {
    const dir = tempDir();
    FileCheckpoint.open(dir, { shape: SHAPE });
    const err = await errorOfAsync(() => FileCheckpoint.open(dir, { shape: SHAPE, multipleWatermarkPolicy: 'max' }));
    expect(err.code).toBe('CHECKPOINT_QUERY_MISMATCH');
    expect(err.message).toContain("multipleWatermarkPolicy 'min'");
    expect(err.hint).toMatch(/cannot change on restart/);
  });

  it('reports damaged metadata by name instead of starting over', async () => {
    const dir = tempDir();
    FileCheckpoint.open(dir, { shape: SHAPE });
    const text = readFileSync(join(dir, 'metadata'), 'utf8');
    writeFileSync(join(dir, 'metadata'), text.slice(0, 30));
    const err = await errorOfAsync(() => FileCheckpoint.open(dir, { shape: SHAPE }));
    expect(err.code).toBe('CHECKPOINT_CORRUPT');
    expect(err.message).toContain(join(dir, 'metadata'));
  });
});

describe('FileCheckpoint per batch', () => {
  it('detects a second query writing the same batch into the same location', async () => {
    const dir = tempDir();
    const mine = FileCheckpoint.open(dir, { shape: SHAPE });
    const theirs = FileCheckpoint.open(dir, { shape: SHAPE });
    mine.recover();
    theirs.recover();
    await mine.writeOffsets(0, entry(10));
    const err = await errorOfAsync(() => theirs.writeOffsets(0, entry(12)));
    expect(err.code).toBe('CHECKPOINT_CONCURRENT_WRITE');
    expect(err.message).toContain(join(dir, 'offsets', '0'));
  });

  it('does not rewrite the plan of a replayed batch, and refuses other offsets for it', async () => {
    const dir = tempDir();
    const run1 = FileCheckpoint.open(dir, { shape: SHAPE });
    run1.recover();
    await run1.writeOffsets(0, entry(10));
    // crash before commit; restart
    const run2 = FileCheckpoint.open(dir, { shape: SHAPE });
    const plan = run2.recover();
    expect(plan.kind).toBe('replay');
    expect(plan.replay?.endOffsets).toEqual(entry(10).sources);
    // the same offsets with keys in another order are the same offsets
    const reordered = { ...entry(10), sources: [{ offset: { tx: { 0: 10 } }, description: 'KafkaV2[Subscribe[tx]]' }] };
    await run2.writeOffsets(0, reordered);
    await run2.commitBatch(0, [], { watermarkMs: 0, inputsMs: [null] });
    expect(run2.recover()).toMatchObject({ kind: 'resume', nextBatchId: 1 });

    await run2.writeOffsets(1, entry(20));
    const run3 = FileCheckpoint.open(dir, { shape: SHAPE });
    run3.recover();
    const err = await errorOfAsync(() => run3.writeOffsets(1, entry(25)));
    expect(err.code).toBe('CHECKPOINT_INCONSISTENT');
    expect(err.message).toMatch(/replayed with offsets other than the ones recorded/);
  });

  it('stores operator meta with its state and hands it back to restore', async () => {
    const dir = tempDir();
    const cp = FileCheckpoint.open(dir, { shape: SHAPE });
    cp.recover();
    await cp.writeOffsets(0, entry(1));
    const op = { operatorId: 0, snapshot: () => ({ entries: [[0, 'card-1', [1]]], meta: { lastEmitMs: Number.NEGATIVE_INFINITY } }) };
    await cp.commitBatch(0, [op], { watermarkMs: 0, inputsMs: [null] });
    expect(cp.loadOperator(0, 1)).toEqual({ operatorId: 0, version: 1, entries: [[0, 'card-1', [1]]], meta: { lastEmitMs: Number.NEGATIVE_INFINITY } });
    expect(cp.loadOperator(0, 0)).toEqual({ operatorId: 0, version: 0, entries: [] });
  });

  it('refuses to resume when the state of the version to load was deleted', async () => {
    const dir = tempDir();
    const cp = FileCheckpoint.open(dir, { shape: SHAPE });
    cp.recover();
    const op = { operatorId: 0, snapshot: () => ({ entries: [] }), stateChanges: () => ({ updated: [], removed: [] }) };
    for (let b = 0; b < 3; b++) {
      await cp.writeOffsets(b, entry(b));
      await cp.commitBatch(b, [op], { watermarkMs: 0, inputsMs: [null] });
    }
    expect(cp.recover([0]).stateVersion).toBe(3);
    // an operator of the query whose state directory is gone altogether
    const missing = await errorOfAsync(() => cp.recover([0, 1]));
    expect(missing.code).toBe('CHECKPOINT_INCONSISTENT');
    expect((missing.value as { file: string }).file).toBe(join(dir, 'state', '1', '3.delta'));
    // a delta in the middle of the chain
    writeFileSync(join(dir, 'state', '0', 'unrelated'), '');
    rmSync(join(dir, 'state', '0', '2.delta'));
    const err = await errorOfAsync(() => cp.recover());
    expect(err.code).toBe('CHECKPOINT_INCONSISTENT');
    expect((err.value as { file: string }).file).toBe(join(dir, 'state', '0', '2.delta'));
  });

  it('accepts operators without a state directory when starting fresh', () => {
    const cp = FileCheckpoint.open(tempDir(), { shape: SHAPE });
    expect(cp.recover([0, 1]).kind).toBe('fresh');
  });

  it('reports the truncated plan a non-atomic writer would leave, by name; a stray temp file is ignored', async () => {
    const dir = tempDir();
    const cp = FileCheckpoint.open(dir, { shape: SHAPE });
    cp.recover();
    await cp.writeOffsets(0, entry(1));
    await cp.commitBatch(0, [], { watermarkMs: 0, inputsMs: [null] });
    writeFileSync(join(dir, 'offsets', '.1.0123456789ab.tmp'), 'v1\n{"batchWaterm');
    expect(FileCheckpoint.open(dir, { shape: SHAPE }).recover()).toMatchObject({ kind: 'resume', nextBatchId: 1 });
    writeFileSync(join(dir, 'offsets', '1'), encodeDocumentPrefix());
    const err = await errorOfAsync(() => FileCheckpoint.open(dir, { shape: SHAPE }).recover());
    expect(err.code).toBe('CHECKPOINT_CORRUPT');
    expect((err.value as { file: string }).file).toBe(join(dir, 'offsets', '1'));
  });

  it('persists values of user classes through the valueCodecs option', async () => {
    class Money {
      constructor(
        readonly cents: bigint,
        readonly currency: string,
      ) {}
    }
    const money = {
      tag: 'Money',
      test: (v: unknown): v is Money => v instanceof Money,
      encode: (m: Money) => [m.cents.toString(), m.currency],
      decode: (d: unknown) => new Money(BigInt((d as string[])[0]!), (d as string[])[1]!),
    };
    const dir = tempDir();
    const cp = FileCheckpoint.open(dir, { shape: SHAPE, valueCodecs: [money] });
    cp.recover();
    await cp.writeOffsets(0, entry(1));
    const op = { operatorId: 0, snapshot: () => ({ entries: [['card-1', new Money(1999n, 'EUR')]] }) };
    await cp.commitBatch(0, [op], { watermarkMs: 0, inputsMs: [null] });
    const back = FileCheckpoint.open(dir, { shape: SHAPE, valueCodecs: [money] }).loadOperator(0, 1).entries[0] as [string, Money];
    expect(back[1]).toBeInstanceOf(Money);
    expect(back[1].cents).toBe(1999n);
    const without = await errorOfAsync(() => FileCheckpoint.open(dir, { shape: SHAPE }).loadOperator(0, 1));
    expect(without.code).toBe('CHECKPOINT_CORRUPT');
    expect(without.message).toContain('unknown type "Money"');
  });
});

/** The first half of a valid offsets file, as a crash during a plain (non-atomic) write leaves it. */
function encodeDocumentPrefix(): string {
  const text = `v1\n${JSON.stringify(entry(2), null, 2)}\n`;
  return text.slice(0, Math.floor(text.length / 2));
}
