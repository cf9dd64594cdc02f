import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../port.js';
import { PartitionLog, type AppendRecord } from './partition-log.js';

const values: (string | Buffer | null)[] = [
  'plain',
  '',
  'ünïcødé €',
  'lone \ud800 surrogate',
  Buffer.from([0, 255, 1]),
  null,
  'x'.repeat(700_000),
  Buffer.alloc(300_000, 7),
];

function appended(i: number): AppendRecord {
  return {
    key: i % 3 === 0 ? null : Buffer.from(`k${i}`),
    value: values[i % values.length]!,
    timestamp: 1000 + i,
    headers: i % 5 === 0 ? [{ key: 'h', value: Buffer.from(`${i}`) }] : undefined,
  };
}

function expected(i: number, offset: number): KafkaRecord {
  const a = appended(i);
  return {
    key: a.key,
    value: typeof a.value === 'string' ? Buffer.from(a.value) : a.value,
    topic: 't',
    partition: 0,
    offset,
    timestamp: a.timestamp,
    timestampType: 0,
    headers: a.headers ? [...a.headers] : [],
  };
}

/** Buffers as base64 text: deep-comparing 700 KB Buffers byte by byte is slow. */
const text = (r: KafkaRecord) => ({ ...r, key: r.key?.toString('base64') ?? null, value: r.value?.toString('base64') ?? null });

describe('PartitionLog (columnar arena storage)', () => {
  it('returns every record as written: keys, values (strings as UTF-8), nulls, headers, large values across chunks', () => {
    const log = new PartitionLog('t', 0, undefined);
    for (let i = 0; i < 40; i += 8) log.append(Array.from({ length: 8 }, (_, j) => appended(i + j)));
    expect(log.read(0, 40).map(text)).toEqual(Array.from({ length: 40 }, (_, i) => text(expected(i, i))));
    expect(log.read(17, 19).map(text)).toEqual([text(expected(17, 17)), text(expected(18, 18))]);
  });

  it('keeps the right records under count retention, through compactions that release old chunks', () => {
    const log = new PartitionLog('t', 0, 50);
    for (let i = 0; i < 5000; i++) log.append([{ key: null, value: `v${i}-${'y'.repeat(i % 300)}`, timestamp: i, headers: undefined }]);
    expect(log.low).toBe(4950);
    expect(log.high).toBe(5000);
    const rows = log.read(4950, 5000);
    expect(rows.map((r) => [r.offset, r.value!.toString()])).toEqual(
      Array.from({ length: 50 }, (_, k) => [4950 + k, `v${4950 + k}-${'y'.repeat((4950 + k) % 300)}`]),
    );
    expect(() => log.read(4949, 5000)).toThrowError(/no longer available \(earliest is 4950\)/);
  });

  it('scan visits exactly what read returns: value bytes first, whole records when declined or null', () => {
    const log = new PartitionLog('t', 0, undefined);
    log.append(Array.from({ length: 24 }, (_, i) => appended(i)));
    const txn = { status: 'open' as const, firstOffset: -1 };
    log.append([appended(24)], txn);
    log.endTransaction(txn, 'aborted', 5);
    log.append([appended(25)]);
    const seen: string[] = [];
    log.scan(0, log.high, 'read_committed', {
      value: (bytes, start, end) => {
        const text = bytes.toString('latin1', start, end);
        if (text.length % 2 === 0) return false; // decline some
        seen.push(`v:${Buffer.from(bytes.subarray(start, end)).toString('hex')}`);
        return true;
      },
      record: (r) => seen.push(`v:${r.value?.toString('hex') ?? 'null'}`),
    });
    const read = log.read(0, log.high, 'read_committed');
    expect(read).toHaveLength(25); // the aborted record and the marker are skipped
    expect(seen).toEqual(read.map((r) => `v:${r.value?.toString('hex') ?? 'null'}`));
  });
});
