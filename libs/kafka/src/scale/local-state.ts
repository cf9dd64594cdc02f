/**
 * Local state files: a fast restart path beside the changelogs (Kafka Streams' local state
 * directory with its `.checkpoint` offsets file). When a task stops cleanly (its last batch
 * committed), it writes, per stage, the live changelog entries of every operator and the
 * changelog offsets its last transaction ended at. A task starting on the same machine loads the
 * file and reads each changelog only from there to its end (the tail: whatever another owner
 * wrote in between). The file is checked against the changelog: an end offset below the
 * partition's start or above its end (topic re-created, log truncated) discards it, and a full
 * restore runs. The file is deleted once loaded, so a crash never reuses it.
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
export function writeLocalState(dir: string, applicationId: string, stage: string, task: number, state: LocalState): void {
  const file = localStateFile(dir, applicationId, stage, task);
  mkdirSync(join(dir, applicationId), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, topics: state }));
  renameSync(`${file}.tmp`, file);
}

/** Reads and deletes the file (`undefined` when there is none or it cannot be read). */
export function takeLocalState(dir: string, applicationId: string, stage: string, task: number): LocalState | undefined {
  const file = localStateFile(dir, applicationId, stage, task);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  rmSync(file, { force: true });
  try {
    const parsed = JSON.parse(text) as { version?: number; topics?: LocalState };
    return parsed.version === 1 && parsed.topics ? parsed.topics : undefined;
  } catch {
    return undefined;
  }
}
