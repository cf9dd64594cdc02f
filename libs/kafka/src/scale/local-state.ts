/**
 * Local state files: a fast restart path beside the changelogs (Kafka Streams' local state
 * directory with its `.checkpoint` offsets file). When a task stops cleanly (its last batch
 * committed), and every `stateFileIntervalMs` while it runs (right after a batch committed, so a
 * crashed instance has one too), it writes, per stage, the live changelog entries of every
 * operator and the changelog offsets its last transaction ended at. A task starting on the same machine loads the
 * file and reads each changelog only from there to its end (the tail: whatever another owner
 * wrote in between). The file is checked against the changelog: an end offset below the
 * partition's start or above its end (topic re-created, log truncated) discards it, and a full
 * restore runs; so does a file older than 12 hours. The file is deleted once loaded, so a later
 * start never reuses it.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a local state file holds for one changelog partition. */
export interface LocalTopicState {
  /** The changelog offset the last committed transaction of the task ended at (the tail starts here). */
  end: number;
  /** Live entries as changelog texts: `[key, value]`. */
  entries: [string, string][];
  /** The `$meta` value text, if any. */
  meta?: string;
}

export type LocalState = Record<string, LocalTopicState>;

/** The file of task `task`'s stage `stage` of `applicationId` under `dir`. */
export function localStateFile(dir: string, applicationId: string, stage: string, task: number): string {
  return join(dir, applicationId, `${stage === '' ? 'main' : stage}-${task}.json`);
}

/**
 * Writes atomically (temp file, then rename).
 *
 * @example
 * writeLocalState('/var/streamlab', 'fraud', '', 3, { 'fraud-task-changelog': { end: 42, entries: [['task', '{...}']] } });
 */
export function writeLocalState(dir: string, applicationId: string, stage: string, task: number, state: LocalState, nowMs = Date.now()): void {
  const file = localStateFile(dir, applicationId, stage, task);
  mkdirSync(join(dir, applicationId), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, writtenAtMs: nowMs, topics: state }));
  renameSync(`${file}.tmp`, file);
}

/**
 * Files older than this are not used: a changelog's tombstones are kept `delete.retention.ms`
 * (Kafka's default 24 h) after compaction, so an older file could bring back a key whose tombstone
 * compaction has dropped since.
 */
export const LOCAL_STATE_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** Reads and deletes the file (`undefined` when there is none, it cannot be read, or it is too old). */
export function takeLocalState(dir: string, applicationId: string, stage: string, task: number, nowMs = Date.now()): LocalState | undefined {
  const file = localStateFile(dir, applicationId, stage, task);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  rmSync(file, { force: true });
  try {
    const parsed = JSON.parse(text) as { version?: number; writtenAtMs?: number; topics?: LocalState };
    const fresh = typeof parsed.writtenAtMs === 'number' && nowMs - parsed.writtenAtMs <= LOCAL_STATE_MAX_AGE_MS;
    return parsed.version === 1 && fresh && parsed.topics ? parsed.topics : undefined;
  } catch {
    return undefined;
  }
}
