/**
 * Save events of one file, for `watch`. The real source watches the file's folder (editors often
 * save by writing a new file and renaming it over the old one, which a watch on the file itself
 * would lose) and turns a burst of events into one, after `debounceMs` of quiet.
 */
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileEvents {
  /** Calls `onSave` after each save of `file`; returns the unsubscribe function. */
  watch(file: string, onSave: () => void): () => void;
}

/**
 * @example
 * const stop = fsFileEvents().watch('steps/03-windows/exercise.ts', () => rerun());
 */
export function fsFileEvents(debounceMs = 120): FileEvents {
  return {
    watch(file, onSave) {
      const name = basename(file);
      let timer: NodeJS.Timeout | undefined;
      const watcher = watch(dirname(file), (_event, changed) => {
        if (changed !== null && changed.toString() !== name) return;
        clearTimeout(timer);
        timer = setTimeout(onSave, debounceMs);
      });
      return () => {
        clearTimeout(timer);
        watcher.close();
      };
    },
  };
}

/** Save events on command (specs): `save(file)` calls the subscribers of that file now. */
export interface ManualFileEvents extends FileEvents {
  save(file: string): void;
  /** The files watched right now. */
  watched(): string[];
}

export function manualFileEvents(): ManualFileEvents {
  const subs = new Map<string, Set<() => void>>();
  return {
    watch(file, onSave) {
      let set = subs.get(file);
      if (!set) subs.set(file, (set = new Set()));
      set.add(onSave);
      return () => void set.delete(onSave);
    },
    save(file) {
      for (const fn of [...(subs.get(file) ?? [])]) fn();
    },
    watched: () => [...subs].filter(([, s]) => s.size > 0).map(([f]) => f),
  };
}
