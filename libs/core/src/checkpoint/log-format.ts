/**
 * The on-disk text format of every checkpoint file: a version line (`v1`, as Spark writes), then
 * JSON. Two shapes:
 *
 * - a document (metadata, offsets/N, commits/N): `v1`, then one pretty-printed JSON value;
 * - records (state deltas and snapshots): `v1`, a one-line JSON header that says how many record
 *   lines follow, then one JSON value per line.
 *
 * Every file ends with a newline and the record count is checked, so a file cut short at any byte
 * (a crash without atomic rename, a full disk, a bad copy) is reported as truncated, never read as
 * a shorter valid file. A file with a higher version than {@link FORMAT_VERSION} is refused.
 */
import type { z } from 'zod';
import { checkpointError, CORRUPT_HINT } from './checkpoint-error.js';

/** The format version this library writes and the highest it reads. */
export const FORMAT_VERSION = 1;

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
  const body = splitVersion(file, text);
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw corrupt(file, `is not valid JSON after its version line (${(err as Error).message})`);
  }
}

/** The text of a records file: a header object and one encoded JSON value per record. */
export function encodeRecords(header: Record<string, unknown>, records: readonly unknown[]): string {
  const parts = new Array<string>(records.length + 2);
  parts[0] = `v${FORMAT_VERSION}`;
  parts[1] = JSON.stringify({ ...header, records: records.length });
  for (let i = 0; i < records.length; i++) parts[i + 2] = JSON.stringify(records[i]);
  return `${parts.join('\n')}\n`;
}

/**
 * The same text as `encodeRecords(header, records)` from records already turned into JSON text
 * (one line each, e.g. by `StateCodec.encodeText`), so no record is encoded twice.
 */
export function encodeRecordLines(header: Record<string, unknown>, lines: readonly string[]): string {
  const parts = new Array<string>(lines.length + 2);
  parts[0] = `v${FORMAT_VERSION}`;
  parts[1] = JSON.stringify({ ...header, records: lines.length });
  for (let i = 0; i < lines.length; i++) parts[i + 2] = lines[i]!;
  return `${parts.join('\n')}\n`;
}

/**
 * Parses a records file written by {@link encodeRecords}: the header and the records, checked
 * against the header's count.
 */
export function decodeRecords(file: string, text: string): { header: Record<string, unknown>; records: unknown[] } {
  const body = splitVersion(file, text);
  const lines = body.length === 0 ? [] : body.slice(0, -1).split('\n');
  if (lines.length === 0 || lines[0] === '') throw corrupt(file, 'has no header line after its version line');
  const header = parseLine(file, lines[0]!, 2) as Record<string, unknown>;
  const count = header?.records;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw corrupt(file, 'has a header without a valid "records" count');
  }
  if (lines.length - 1 !== count) {
    throw corrupt(file, `is truncated or damaged: its header announces ${count} records but it holds ${lines.length - 1}`);
  }
  const records = new Array<unknown>(count);
  for (let i = 0; i < count; i++) records[i] = parseLine(file, lines[i + 1]!, i + 3);
  return { header, records };
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

/** Checks the trailing newline and version line; returns the text after the version line. */
function splitVersion(file: string, text: string): string {
  if (text.length === 0) throw corrupt(file, 'is empty');
  if (!text.endsWith('\n')) throw corrupt(file, 'is truncated (it does not end with a newline)');
  const nl = text.indexOf('\n');
  const first = text.slice(0, nl);
  const m = HEADER.exec(first);
  if (!m) throw corrupt(file, `does not start with a version line like "v${FORMAT_VERSION}" (found ${JSON.stringify(first.slice(0, 40))})`);
  const version = Number(m[1]);
  if (version > FORMAT_VERSION || version < 1) {
    throw checkpointError(
      'CHECKPOINT_VERSION_UNSUPPORTED',
      file,
      `${file} has format v${version}, but this version of StreamLab reads up to v${FORMAT_VERSION}`,
      'the checkpoint was written by a newer StreamLab; upgrade @streamlab/core to resume it',
      { version },
    );
  }
  return text.slice(nl + 1);
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
