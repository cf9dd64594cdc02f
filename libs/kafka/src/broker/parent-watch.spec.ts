import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchParent } from './parent-watch.js';

describe('watchParent', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('calls back once when the parent pid changes (the parent died and this process was re-parented)', () => {
    let parent = 4242;
    const gone = vi.fn();
    watchParent(gone, { ppid: () => parent, intervalMs: 100 });
    vi.advanceTimersByTime(1_000);
    expect(gone).not.toHaveBeenCalled();
    parent = 1;
    vi.advanceTimersByTime(100);
    expect(gone).toHaveBeenCalledTimes(1);
    parent = 77;
    vi.advanceTimersByTime(1_000);
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('does not watch a process started by init, and stops watching when asked', () => {
    let parent = 1;
    const gone = vi.fn();
    watchParent(gone, { ppid: () => parent, intervalMs: 100 });
    parent = 5;
    vi.advanceTimersByTime(1_000);
    expect(gone).not.toHaveBeenCalled();

    let other = 300;
    const stop = watchParent(gone, { ppid: () => other, intervalMs: 100 });
    stop();
    other = 1;
    vi.advanceTimersByTime(1_000);
    expect(gone).not.toHaveBeenCalled();
  });
});
