/**
 * Sources' resolved initial offsets in the checkpoint (Spark: KafkaSource writes its initial
 * offsets to `sources/<i>/0`). A source that resolves where to start at run time (Kafka's
 * `startingOffsets: 'latest'`) implements `Source.initialOffset()` / `restoreInitialOffset()`;
 * before the first batch the engine asks it once, writes the answer to `sources/<i>/0`, and on
 * every later start hands the recorded value back, so a crash before batch 0 commits cannot make
 * the restarted query resolve `latest` again and skip what arrived in between.
 */
import type { CheckpointFileManager } from '../checkpoint/file-manager.js';
import { joinPath as join } from '../checkpoint/paths.js';
import { decodeDocument, encodeDocument } from '../checkpoint/log-format.js';
import type { Offset, Source } from '../ports.js';

/** Where the initial offsets of the source at plan position `i` are kept. */
export interface InitialOffsetStore {
  load(i: number, source: Source<unknown>): Offset | undefined;
  save(i: number, source: Source<unknown>, offset: Offset): Promise<void> | void;
}

/**
 * `sources/<i>/0` in a checkpoint directory (one JSON document, `v1` first line, as Spark's).
 *
 * @example
 * const store = fileInitialOffsets('/cp', fileManager); // reads and writes /cp/sources/0/0, ...
 */
export function fileInitialOffsets(dir: string, fm: CheckpointFileManager): InitialOffsetStore {
  const path = (i: number) => join(dir, 'sources', String(i), '0');
  return {
    load(i) {
      const text = fm.open(path(i));
      return text === undefined ? undefined : ((decodeDocument(path(i), text) as { offset: Offset }).offset ?? null);
    },
    save: (i, source, offset) => fm.createAtomic(path(i), encodeDocument({ description: source.description, offset }), { overwrite: true }),
  };
}

/**
 * In-memory store keyed by source description: what a query without a checkpoint location uses
 * (there is nothing to resume, so the resolved offsets are kept for this run only).
 *
 * @example
 * const store = memoryInitialOffsets({}); store.save(0, source, { t: { '0': 5 } });
 */
export function memoryInitialOffsets(saved: Record<string, Offset>): InitialOffsetStore {
  return {
    load: (_i, source) => (Object.hasOwn(saved, source.description) ? saved[source.description] : undefined),
    save: (_i, source, offset) => void (saved[source.description] = offset),
  };
}

/**
 * For every source that resolves its start itself and has not committed a batch yet: restores the
 * recorded initial offset, or resolves it now and records it before any batch runs.
 *
 * @example
 * await settleInitialOffsets(sources, committed, fileInitialOffsets('/cp'));
 */
export async function settleInitialOffsets(
  sources: readonly Source<unknown>[],
  committed: readonly (Offset | null)[],
  store: InitialOffsetStore,
): Promise<void> {
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    if (!s.initialOffset || !s.restoreInitialOffset || (committed[i] ?? null) !== null) continue;
    const recorded = store.load(i, s);
    if (recorded !== undefined) {
      s.restoreInitialOffset(recorded);
      continue;
    }
    const resolved = await s.initialOffset();
    await store.save(i, s, resolved);
  }
}
