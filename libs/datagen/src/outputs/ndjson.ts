/**
 * NDJSON files: one record per line in the data file, and the ground truth (labelled records and
 * incidents) in a separate labels file, so a pipeline reading the data never sees the truth.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { labelLine, recordText, type LabelLine } from '../envelope.js';
import type { SimBatch, SimOutput } from './output.js';

/** Where to write. `path: '-'` writes records to stdout (labels then need their own path). */
export interface NdjsonOutputOptions {
  path: string;
  /** Default: `<path without .ndjson>.labels.ndjson`; `null` to write no labels. */
  labelsPath?: string | null;
}

/**
 * The default labels file for a data file.
 *
 * @example
 * labelsPathFor('out/payments.ndjson'); // 'out/payments.labels.ndjson'
 */
export function labelsPathFor(path: string): string {
  return `${path.replace(/\.(nd)?jsonl?$/i, '')}.labels.ndjson`;
}

async function writeChunk(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!text) return;
  if (!stream.write(text)) await once(stream, 'drain');
}

function open(path: string): WriteStream {
  mkdirSync(dirname(path), { recursive: true });
  return createWriteStream(path, { encoding: 'utf8' });
}

async function end(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * Writes records as NDJSON (malformed records as their broken text) and labels beside them.
 *
 * @example
 * const out = ndjsonOutput({ path: 'out/payments.ndjson' }); // labels in out/payments.labels.ndjson
 */
export function ndjsonOutput<R>(opts: NdjsonOutputOptions): SimOutput<R> {
  const toStdout = opts.path === '-';
  const labelsPath = opts.labelsPath === undefined ? (toStdout ? null : labelsPathFor(opts.path)) : opts.labelsPath;
  let data: NodeJS.WritableStream | undefined;
  let labels: WriteStream | undefined;
  return {
    description: `ndjson:${opts.path}${labelsPath ? ` (labels ${labelsPath})` : ''}`,
    async write(batch: SimBatch<R>) {
      data ??= toStdout ? process.stdout : open(opts.path);
      if (labelsPath) labels ??= open(labelsPath);
      let text = '';
      let truth = '';
      for (const inc of batch.incidents) {
        const line: LabelLine = { kind: 'incident', ...inc };
        truth += `${JSON.stringify(line)}\n`;
      }
      for (const env of batch.envelopes) {
        text += `${recordText(env)}\n`;
        if (env.label) truth += `${JSON.stringify(labelLine(env, batch.recordId(env)))}\n`;
      }
      await writeChunk(data, text);
      if (labels) await writeChunk(labels, truth);
    },
    async close() {
      if (data && !toStdout) await end(data as WriteStream);
      if (labels) await end(labels);
    },
  };
}
