import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fsFileEvents } from './file-events.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workshop-events-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('fsFileEvents', () => {
  it('turns a burst of writes into one save, ignores other files of the folder, and stops on unsubscribe', async () => {
    const file = join(dir, 'exercise.ts');
    writeFileSync(file, 'a');
    const saves: number[] = [];
    const stop = fsFileEvents(50).watch(file, () => saves.push(saves.length + 1));
    for (const text of ['b', 'c', 'd']) writeFileSync(file, text);
    await vi.waitFor(() => expect(saves).toEqual([1]));

    writeFileSync(join(dir, 'notes.md'), 'x'); // same folder, not the exercise
    writeFileSync(file, 'e');
    await vi.waitFor(() => expect(saves).toEqual([1, 2]));

    stop();
    writeFileSync(file, 'f');
    const probe: number[] = [];
    const stopProbe = fsFileEvents(50).watch(file, () => probe.push(1));
    writeFileSync(file, 'g');
    await vi.waitFor(() => expect(probe).toEqual([1])); // events are flowing again, yet the stopped watcher saw none
    stopProbe();
    expect(saves).toEqual([1, 2]);
  });
});
