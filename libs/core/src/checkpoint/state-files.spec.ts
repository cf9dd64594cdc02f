import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { encodeRecords, RECORDS_PER_LINE } from './log-format.js';
import { OperatorStateFiles } from './state-files.js';
import { useTempDirs } from '../node/test-dir.js';
import { StateCodec } from './value-codec.js';
import { errorOfAsync } from '../error-of.js';
import { InMemoryCheckpointFileManager } from './memory-file-manager.js';

const tempDir = useTempDirs();
const codec = new StateCodec();

function filesIn(): OperatorStateFiles {
  return new OperatorStateFiles(join(tempDir(), 'state', '0'), 0, codec);
}

describe('OperatorStateFiles', () => {
  it('detached records on a manager in memory: checked at once, their text built only when a restart reads them', async () => {
    const memCodec = new StateCodec();
    const f = new OperatorStateFiles('memory:q/state/0', 0, memCodec, new InMemoryCheckpointFileManager());
    const encodeText = vi.spyOn(memCodec, 'encodeText');
    await f.writeDelta(
      1,
      [
        [
          ['a', 1],
          [2, 3.5],
        ],
      ],
      [],
      { lastEmitMs: 0 },
      true,
    );
    await f.writeSnapshot(
      1,
      [
        [
          ['a', 1],
          [2, 3.5],
        ],
      ],
      { lastEmitMs: 0 },
      true,
    );
    expect(encodeText).not.toHaveBeenCalled();
    expect(f.load(1)).toEqual({
      entries: [
        [
          ['a', 1],
          [2, 3.5],
        ],
      ],
      meta: { lastEmitMs: 0 },
    });
    expect(encodeText).toHaveBeenCalled();
    class Opaque {}
    const err = await errorOfAsync(() => f.writeDelta(2, [[new Opaque(), 1]], [], undefined, true));
    expect(err.code).toBe('STATE_NOT_SERIALISABLE');
    expect(f.listing().deltas).toEqual([1]);
  });

  it('detached records on the file system: written at once (encoding is the check)', async () => {
    const f = filesIn();
    await f.writeDelta(
      1,
      [
        [
          ['a', 1],
          [2, 3.5],
        ],
      ],
      [],
      undefined,
      true,
    );
    expect(readFileSync(f.pathOf(1, 'delta'), 'utf8')).toContain('\n[[["a",1],[2,3.5]]]\n');
    class Opaque {}
    expect((await errorOfAsync(() => f.writeDelta(2, [[new Opaque(), 1]], [], undefined, true))).code).toBe('STATE_NOT_SERIALISABLE');
  });

  it('writes a readable delta: version line, header with the record count, puts [key, value] and removes [key] in JSON arrays', async () => {
    const f = filesIn();
    await f.writeDelta(3, [[['card-1', 'FR'], { n: 3 }]], [['card-9', 'DE']], { lastEmitMs: 1000 });
    expect(readFileSync(f.pathOf(3, 'delta'), 'utf8')).toBe(
      'v2\n{"operatorId":0,"kind":"delta","version":3,"meta":{"lastEmitMs":1000},"records":2}\n' + '[[["card-1","FR"],{"n":3}]]\n[[["card-9","DE"]]]\n',
    );
  });

  it(`writes at most ${RECORDS_PER_LINE} records per line, and loads what it wrote across lines`, async () => {
    const f = filesIn();
    const n = 2 * RECORDS_PER_LINE + 5;
    const puts = Array.from({ length: n }, (_, i): [unknown, unknown] => [`k${i}`, { n: i, at: new Date(i) }]);
    await f.writeSnapshot(1, puts);
    await f.writeDelta(
      2,
      [['new', 1]],
      puts.slice(0, RECORDS_PER_LINE + 1).map(([k]) => k),
    );
    const lines = readFileSync(f.pathOf(1, 'snapshot'), 'utf8').split('\n');
    expect(lines.length).toBe(2 + 3 + 1); // version, header, 3 lines of records, the final ''
    expect(lines.slice(2, 5).map((l) => (JSON.parse(l) as unknown[]).length)).toEqual([RECORDS_PER_LINE, RECORDS_PER_LINE, 5]);
    const loaded = f.load(2).entries as [string, unknown][];
    expect(loaded).toHaveLength(n - (RECORDS_PER_LINE + 1) + 1);
    expect(loaded.find(([k]) => k === 'new')).toEqual(['new', 1]);
    expect(loaded.find(([k]) => k === `k${n - 1}`)).toEqual([`k${n - 1}`, { n: n - 1, at: new Date(n - 1) }]);
    expect(loaded.some(([k]) => k === 'k0' || k === `k${RECORDS_PER_LINE}`)).toBe(false);
  });

  it('loads deltas and snapshots of format v1 (one record per line), as earlier versions wrote them, under v2 deltas', async () => {
    const f = filesIn();
    mkdirSync(f.dir, { recursive: true });
    writeFileSync(
      f.pathOf(1, 'snapshot'),
      encodeRecords({ operatorId: 0, kind: 'snapshot', version: 1 }, [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    writeFileSync(f.pathOf(2, 'delta'), encodeRecords({ operatorId: 0, kind: 'delta', version: 2 }, [{ put: ['a', 10] }, { remove: 'b' }]));
    await f.writeDelta(3, [['d', 4]], ['c']);
    expect(readFileSync(f.pathOf(3, 'delta'), 'utf8').startsWith('v2\n')).toBe(true);
    expect(f.load(2).entries).toEqual([
      ['a', 10],
      ['c', 3],
    ]);
    expect(f.load(3).entries).toEqual([
      ['a', 10],
      ['d', 4],
    ]);
  });

  it('loads a version from its snapshot plus the deltas after it, with the last meta', async () => {
    const f = filesIn();
    await f.writeDelta(
      1,
      [
        ['a', 1],
        ['b', 2],
      ],
      [],
      { m: 1 },
    );
    await f.writeSnapshot(
      1,
      [
        ['a', 1],
        ['b', 2],
      ],
      { m: 1 },
    );
    await f.writeDelta(
      2,
      [
        ['a', 10],
        ['c', new Set([1])],
      ],
      ['b'],
      { m: 2 },
    );
    await f.writeDelta(3, [['b', 3]], ['c'], { m: 3 });
    expect(f.load(0)).toEqual({ entries: [], meta: undefined });
    expect(f.load(1)).toEqual({
      entries: [
        ['a', 1],
        ['b', 2],
      ],
      meta: { m: 1 },
    });
    expect(f.load(2)).toEqual({
      entries: [
        ['a', 10],
        ['c', new Set([1])],
      ],
      meta: { m: 2 },
    });
    expect(f.load(3)).toEqual({
      entries: [
        ['a', 10],
        ['b', 3],
      ],
      meta: { m: 3 },
    });
  });

  it('loads from deltas alone when there is no snapshot yet', async () => {
    const f = filesIn();
    await f.writeDelta(1, [[1n, new Uint8Array([1, 2])]], []);
    await f.writeDelta(2, [[2n, new Uint8Array([3])]], []);
    expect(f.load(2).entries).toEqual([
      [1n, new Uint8Array([1, 2])],
      [2n, new Uint8Array([3])],
    ]);
  });

  it('returns opaque snapshot entries as they were when no delta follows', async () => {
    const f = filesIn();
    const entries = [
      [0, 'card-1', [3, Number.NEGATIVE_INFINITY]],
      [60_000, 'card-2', [1, 5]],
    ];
    await f.writeSnapshot(4, entries, { lastEmitMs: Number.NEGATIVE_INFINITY });
    expect(f.load(4)).toEqual({ entries, meta: { lastEmitMs: Number.NEGATIVE_INFINITY } });
  });

  it('compacts a delta chain into a snapshot that loads the same', async () => {
    const f = filesIn();
    await f.writeDelta(1, [['a', 1]], []);
    await f.writeDelta(2, [['b', 2]], []);
    await f.writeDelta(3, [['a', 3]], ['b']);
    await f.compact(3);
    expect(f.listing().snapshots).toEqual([3]);
    await f.purge(3, 1);
    expect(f.listing()).toEqual({ snapshots: [3], deltas: [3] });
    expect(f.load(3).entries).toEqual([['a', 3]]);
  });

  it('purges what no retained version needs, and stray temp files, and nothing a retained version needs', async () => {
    const f = filesIn();
    for (let v = 1; v <= 25; v++) {
      await f.writeDelta(v, [[`k${v % 4}`, v]], []);
      if (v % 10 === 0) await f.writeSnapshot(v, f.load(v).entries);
    }
    writeFileSync(join(f.dir, '.26.delta.0123456789ab.tmp'), 'v1\n{"operatorId":0,"ki');
    const before = Array.from({ length: 8 }, (_, i) => f.load(18 + i).entries);
    const gone = await f.purge(25, 8); // keep versions 18..25 → base snapshot 10
    expect(gone).toContain('.26.delta.0123456789ab.tmp');
    expect(gone).toContain('9.delta');
    expect(gone).not.toContain('10.delta');
    expect(f.listing().snapshots).toEqual([10, 20]);
    expect(Math.min(...f.listing().deltas)).toBe(10);
    expect(Array.from({ length: 8 }, (_, i) => f.load(18 + i).entries)).toEqual(before);
    const err = await errorOfAsync(() => f.load(8));
    expect(err.code).toBe('CHECKPOINT_INCONSISTENT');
    expect(err.message).toContain('8.delta is missing');
  });

  it('keeps the previous delta readable when a rewrite crashed before its rename', async () => {
    const f = filesIn();
    await f.writeDelta(1, [['a', 1]], []);
    writeFileSync(join(f.dir, '.1.delta.aaaaaaaaaaaa.tmp'), 'v1\n{"operatorId":0,"kind":"delta","version":1,"records":1}\n{"put":["a",');
    expect(f.load(1).entries).toEqual([['a', 1]]);
    expect(f.listing()).toEqual({ snapshots: [], deltas: [1] });
  });

  it('reports a truncated delta by name (never an empty state)', async () => {
    const f = filesIn();
    // Two lines of records; the file is cut exactly at the end of the first.
    const puts = Array.from({ length: RECORDS_PER_LINE + 1 }, (_, i): [unknown, unknown] => [`k${i}`, i]);
    await f.writeDelta(1, puts, []);
    const path = f.pathOf(1, 'delta');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
    const err = await errorOfAsync(() => f.load(1));
    expect(err.code).toBe('CHECKPOINT_CORRUPT');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(new RegExp(`announces ${RECORDS_PER_LINE + 1} records but it holds ${RECORDS_PER_LINE}`));
  });

  it('reports a file whose header belongs to another version, and a bad record', async () => {
    const f = filesIn();
    await f.writeDelta(1, [['a', 1]], []);
    await f.writeDelta(2, [['b', 1]], []);
    writeFileSync(f.pathOf(2, 'delta'), readFileSync(f.pathOf(1, 'delta'), 'utf8'));
    expect((await errorOfAsync(() => f.load(2))).message).toMatch(/header of another file/);
    writeFileSync(f.pathOf(2, 'delta'), 'v1\n{"operatorId":0,"kind":"delta","version":2,"records":1}\n{"upsert":1}\n');
    expect((await errorOfAsync(() => f.load(2))).message).toMatch(/neither \{"put"/);
  });

  it('refuses to apply deltas over a snapshot of opaque entries', async () => {
    const f = filesIn();
    await f.writeSnapshot(1, [[1, 2, 3]]);
    await f.writeDelta(2, [['a', 1]], []);
    expect((await errorOfAsync(() => f.load(2))).message).toMatch(/not \[key, value\] pairs/);
  });

  it('reports a missing state directory as a missing file for any version above 0', async () => {
    const f = filesIn();
    expect(f.load(0).entries).toEqual([]);
    expect((await errorOfAsync(() => f.load(1))).code).toBe('CHECKPOINT_INCONSISTENT');
    expect(readdirSync(join(f.dir, '..', '..'))).toEqual([]);
  });
});
