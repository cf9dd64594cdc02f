/**
 * The on-disk text format of every checkpoint file: a version line (`v1`, as Spark writes), then
 * JSON. Two shapes:
 *
 * - a document (metadata, offsets/N, commits/N): `v1`, then one pretty-printed JSON value;
 * - records (state deltas and snapshots): `v2`, a one-line JSON header that says how many records
 *   follow, then the records in lines of up to {@link RECORDS_PER_LINE}, each line a JSON array of
 *   them. (`v1` records files, still read, hold one JSON value per line: one `JSON.stringify` per
 *   record, which cost twice as much to write as one per line of records.)
 *
 * Every file ends with a newline and the record count is checked, so a file cut short at any byte
 * (a crash without atomic rename, a full disk, a bad copy) is reported as truncated, never read as
 * a shorter valid file. A file with a higher version than this library reads is refused.
 */
import type { z } from 'zod';
import { checkpointError, CORRUPT_HINT } from './checkpoint-error.js';

/** The format version of document files this library writes and the highest it reads. */
export const FORMAT_VERSION = 1;

/** The format version of records files (state) this library writes and the highest it reads. */
export const RECORDS_FORMAT_VERSION = 2;

/** Records per line of a v2 records file. */
export const RECORDS_PER_LINE = 4096;

const HEADER = /^v(\d+)$/;

/**
 * A document file's text.
 *
 * @example
 * encodeDocument({ nextBatchWatermarkMs: 0 }); // 'v1\n{\n  "nextBatchWatermarkMs": 0\n}\n'
 */
export function encodeDocument(body: unknown): string {
  return `v${FORMAT_VERSION}\n${JSON.stringify(body, null, 2)}\n`;
}

/**
 * Parses a document file written by {@link encodeDocument}; errors name `file`.
 *
 * @example
 * decodeDocument('/cp/commits/0', 'v1\n{"nextBatchWatermarkMs":0}\n'); // { nextBatchWatermarkMs: 0 }
 */
export function decodeDocument(file: string, text: string): unknown {
  const { body } = splitVersion(file, text, FORMAT_VERSION);
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw corrupt(file, `is not valid JSON after its version line (${(err as Error).message})`);
  }
}

/**
 * The text of a v2 records file holding `count` records, from the JSON text of each of its lines
 * (a JSON array of up to {@link RECORDS_PER_LINE} records each, e.g. by `StateCodec.encodeText`).
 *
 * @example
 * encodeRecordChunks({ kind: 'delta', version: 3 }, 2, ['[["a",1],["b"]]']); // 'v2\n{"kind":"delta","version":3,"records":2}\n[["a",1],["b"]]\n'
 */
export function encodeRecordChunks(header: Record<string, unknown>, count: number, chunks: readonly string[]): string {
  const parts = new Array<string>(chunks.length + 2);
  parts[0] = `v${RECORDS_FORMAT_VERSION}`;
  parts[1] = JSON.stringify({ ...header, records: count });
  for (let i = 0; i < chunks.length; i++) parts[i + 2] = chunks[i]!;
  return `${parts.join('\n')}\n`;
}

/** The text of a v1 records file: a header object and one encoded JSON value per record. */
export function encodeRecords(header: Record<string, unknown>, records: readonly unknown[]): string {
  const parts = new Array<string>(records.length + 2);
  parts[0] = `v${FORMAT_VERSION}`;
  parts[1] = JSON.stringify({ ...header, records: records.length });
  for (let i = 0; i < records.length; i++) parts[i + 2] = JSON.stringify(records[i]);
  return `${parts.join('\n')}\n`;
}

/**
 * Parses a records file written by {@link encodeRecordChunks} (v2) or {@link encodeRecords} (v1):
 * the header and the records, checked against the header's count, and the file's version.
 */
export function decodeRecords(file: string, text: string): { header: Record<string, unknown>; records: unknown[]; version: number } {
  const { body, version } = splitVersion(file, text, RECORDS_FORMAT_VERSION);
  const lines = body.length === 0 ? [] : body.slice(0, -1).split('\n');
  if (lines.length === 0 || lines[0] === '') throw corrupt(file, 'has no header line after its version line');
  const header = parseLine(file, lines[0]!, 2) as Record<string, unknown>;
  const count = header?.records;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw corrupt(file, 'has a header without a valid "records" count');
  }
  const truncated = (held: number) => corrupt(file, `is truncated or damaged: its header announces ${count} records but it holds ${held}`);
  if (version === 1) {
    if (lines.length - 1 !== count) throw truncated(lines.length - 1);
    const records = new Array<unknown>(count);
    for (let i = 0; i < count; i++) records[i] = parseLine(file, lines[i + 1]!, i + 3);
    return { header, records, version };
  }
  const records: unknown[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = parseLine(file, lines[i]!, i + 2);
    if (!Array.isArray(line)) throw corrupt(file, `has a line that is not a JSON array of records (line ${i + 2})`);
    for (const r of line) records.push(r);
  }
  if (records.length !== count) throw truncated(records.length);
  return { header, records, version };
}

/**
 * Validates a decoded value against a zod schema; the error names the file and the bad field.
 *
 * @example
 * parseWith(z.object({ id: z.string() }), '/cp/metadata', decodeDocument('/cp/metadata', text));
 */
export function parseWith<T>(schema: z.ZodType<T>, file: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
  throw corrupt(file, `does not have the expected content${where}: ${issue.message}`);
}

/** Checks the trailing newline and version line (at most `highest`); returns the text after it and the version. */
function splitVersion(file: string, text: string, highest: number): { body: string; version: number } {
  if (text.length === 0) throw corrupt(file, 'is empty');
  if (!text.endsWith('\n')) throw corrupt(file, 'is truncated (it does not end with a newline)');
  const nl = text.indexOf('\n');
  const first = text.slice(0, nl);
  const m = HEADER.exec(first);
  if (!m) throw corrupt(file, `does not start with a version line like "v${FORMAT_VERSION}" (found ${JSON.stringify(first.slice(0, 40))})`);
  const version = Number(m[1]);
  if (version > highest || version < 1) {
    throw checkpointError(
      'CHECKPOINT_VERSION_UNSUPPORTED',
      file,
      `${file} has format v${version}, but this version of StreamLab reads up to v${highest}`,
      'the checkpoint was written by a newer StreamLab; upgrade @streamlab/core to resume it',
      { version },
    );
  }
  return { body: text.slice(nl + 1), version };
}

function parseLine(file: string, line: string, lineNo: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (err) {
    throw corrupt(file, `has invalid JSON on line ${lineNo} (${(err as Error).message})`);
  }
}

function corrupt(file: string, what: string) {
  return checkpointError('CHECKPOINT_CORRUPT', file, `checkpoint file ${file} ${what}`, CORRUPT_HINT);
}
