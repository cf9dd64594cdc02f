/**
 * The content of `offsets/N`, `commits/N` and `metadata`, with their zod schemas (what a file is
 * checked against when read). Field names follow Spark's where Spark has one
 * (`batchWatermarkMs`, `batchTimestampMs`, `nextBatchWatermarkMs`, `id`).
 */
import { z } from 'zod';
import type { Offset } from '../ports.js';

/** One source's end offset for a batch, by source index (its position in the plan). */
export interface SourceOffset {
  /** The source's `description` (for people reading the file, and checked on restart). */
  description: string;
  /** The end offset of the batch; `null` when the source had no data yet. */
  offset: Offset | null;
}

/** `offsets/N`: written before batch N runs (the write-ahead log). */
export interface OffsetEntry {
  /** The watermark batch N runs with (epoch ms). */
  batchWatermarkMs: number;
  /** Processing time of batch N (the clock at batch start); reused when the batch is replayed. */
  batchTimestampMs: number;
  /** Each input's watermark before batch N (`null`: that input has seen no row yet), by watermark id. */
  inputWatermarksMs: (number | null)[];
  /** End offsets of batch N by source index. Its start offsets are the end offsets of `offsets/N-1`. */
  sources: SourceOffset[];
}

/** `commits/N`: written after the sink accepted batch N and its state was persisted. */
export interface CommitEntry {
  /** The watermark the next batch will use (Spark's field). */
  nextBatchWatermarkMs: number;
  /** Each input's watermark after batch N, by watermark id. */
  nextInputWatermarksMs: (number | null)[];
}

/** How the query's inputs' watermarks combine (stored once, cannot change on restart). */
export type WatermarkPolicy = 'min' | 'max';

/** `metadata`: written once, when the checkpoint is created. */
export interface QueryMetadata {
  /** The query id: `progress.id`, stable across restarts. */
  id: string;
  multipleWatermarkPolicy: WatermarkPolicy;
  /** What the query looked like, so a different query is refused (see `query-shape.ts`). */
  shape: { fingerprint: string; lines: string[] };
}

const watermarkMs = z.number().finite();
const offsetValue = z.json() as z.ZodType<Offset>;

export const offsetEntrySchema: z.ZodType<OffsetEntry> = z.object({
  batchWatermarkMs: watermarkMs,
  batchTimestampMs: z.number().finite(),
  inputWatermarksMs: z.array(watermarkMs.nullable()),
  sources: z.array(z.object({ description: z.string(), offset: offsetValue.nullable() })),
});

export const commitEntrySchema: z.ZodType<CommitEntry> = z.object({
  nextBatchWatermarkMs: watermarkMs,
  nextInputWatermarksMs: z.array(watermarkMs.nullable()),
});

export const queryMetadataSchema: z.ZodType<QueryMetadata> = z.object({
  id: z.string().min(1),
  multipleWatermarkPolicy: z.enum(['min', 'max']),
  shape: z.object({ fingerprint: z.string().min(1), lines: z.array(z.string()) }),
});
