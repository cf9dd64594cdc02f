import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeDocument, decodeRecords, encodeDocument, encodeRecordChunks, encodeRecords, parseWith } from './log-format.js';
import { errorOf } from '../error-of.js';

describe('document files', () => {
  it('round-trips and starts with the version line, readable JSON after it', () => {
    const body = { batchWatermarkMs: 5, sources: [{ description: 'MemoryStream[tx]', offset: { p0: 3 } }] };
    const text = encodeDocument(body);
    expect(text.split('\n')[0]).toBe('v1');
    expect(text).toContain('\n  "batchWatermarkMs": 5,');
    expect(decodeDocument('/cp/offsets/0', text)).toEqual(body);
  });

  it('reports a file cut at any byte as damaged, naming the file', () => {
    const text = encodeDocument({ nextBatchWatermarkMs: 1_700_000_000_000, nextInputWatermarksMs: [null, 12] });
    for (let cut = 0; cut < text.length; cut++) {
      const err = errorOf(() => decodeDocument('/cp/commits/7', text.slice(0, cut)));
      expect(err.code).toBe('CHECKPOINT_CORRUPT');
      expect(err.message).toContain('/cp/commits/7');
      expect((err.value as { file: string }).file).toBe('/cp/commits/7');
    }
  });

  it('refuses a newer format version with an upgrade hint', () => {
    const err = errorOf(() => decodeDocument('/cp/metadata', 'v2\n{}\n'));
    expect(err.code).toBe('CHECKPOINT_VERSION_UNSUPPORTED');
    expect(err.hint).toMatch(/upgrade/);
  });

  it('refuses a file without a version line, and bad JSON', () => {
    expect(errorOf(() => decodeDocument('/f', '{"a":1}\n')).message).toMatch(/version line/);
    expect(errorOf(() => decodeDocument('/f', 'v1\n{"a":\n')).message).toMatch(/not valid JSON/);
  });

  it('names the field that does not match the schema', () => {
    const schema = z.object({ id: z.string(), n: z.number() });
    const err = errorOf(() => parseWith(schema, '/cp/metadata', { id: 'q', n: 'x' }));
    expect(err.code).toBe('CHECKPOINT_CORRUPT');
    expect(err.message).toContain('at "n"');
    expect(err.message).toContain('/cp/metadata');
  });
});

describe('record files', () => {
  it('round-trips a header and one record per line', () => {
    const text = encodeRecords({ kind: 'delta', version: 3 }, [{ put: ['a', 1] }, { remove: 'b' }]);
    expect(text).toBe('v1\n{"kind":"delta","version":3,"records":2}\n{"put":["a",1]}\n{"remove":"b"}\n');
    expect(decodeRecords('/d', text)).toEqual({ header: { kind: 'delta', version: 3, records: 2 }, records: [{ put: ['a', 1] }, { remove: 'b' }], version: 1 });
  });

  it('round-trips an empty file (a batch that changed nothing)', () => {
    expect(decodeRecords('/d', encodeRecords({ kind: 'delta' }, [])).records).toEqual([]);
  });

  it('detects a file cut at any byte, including exactly at a line end', () => {
    const text = encodeRecords({ kind: 'snapshot', version: 10 }, [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    for (let cut = 0; cut < text.length; cut++) {
      const err = errorOf(() => decodeRecords('/cp/state/0/10.snapshot', text.slice(0, cut)));
      expect(err.code).toBe('CHECKPOINT_CORRUPT');
      expect(err.message).toContain('/cp/state/0/10.snapshot');
    }
  });

  it('v2: round-trips a header and lines of records, each a JSON array', () => {
    const text = encodeRecordChunks({ kind: 'delta', version: 3 }, 3, ['[["a",1],["b",2]]', '[["c"]]']);
    expect(text).toBe('v2\n{"kind":"delta","version":3,"records":3}\n[["a",1],["b",2]]\n[["c"]]\n');
    expect(decodeRecords('/d', text)).toEqual({ header: { kind: 'delta', version: 3, records: 3 }, records: [['a', 1], ['b', 2], ['c']], version: 2 });
    expect(decodeRecords('/d', encodeRecordChunks({ kind: 'delta' }, 0, [])).records).toEqual([]);
  });

  it('v2: detects a file cut at any byte, including exactly at a line end', () => {
    const text = encodeRecordChunks({ kind: 'snapshot', version: 10 }, 3, ['[[1,"a"],[2,"b"]]', '[[3,"c"]]']);
    for (let cut = 0; cut < text.length; cut++) {
      const err = errorOf(() => decodeRecords('/cp/state/0/10.snapshot', text.slice(0, cut)));
      expect(err.code).toBe('CHECKPOINT_CORRUPT');
      expect(err.message).toContain('/cp/state/0/10.snapshot');
    }
  });

  it('v2: names a line that is not an array of records; refuses records of a newer format with an upgrade hint', () => {
    expect(errorOf(() => decodeRecords('/s', 'v2\n{"records":1}\n{"put":1}\n')).message).toMatch(/not a JSON array of records \(line 3\)/);
    const err = errorOf(() => decodeRecords('/s', 'v3\n{"records":0}\n'));
    expect(err.code).toBe('CHECKPOINT_VERSION_UNSUPPORTED');
    expect(err.message).toMatch(/reads up to v2/);
    expect(err.hint).toMatch(/upgrade/);
  });

  it('names the line of a damaged record', () => {
    const text = 'v1\n{"records":2}\n[1]\n[2\n';
    expect(errorOf(() => decodeRecords('/s', text)).message).toMatch(/line 4/);
  });
});
