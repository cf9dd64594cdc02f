/** A one-shot, re-armable wake-up signal for the runner's waits (no timers). */
export class Wake {
  private resolve: (() => void) | undefined;
  private pending = false;

  /** Wakes the current (or next) `wait()`. */
  signal(): void {
    if (this.resolve) {
      const r = this.resolve;
      this.resolve = undefined;
      r();
    } else this.pending = true;
  }

  /** Resolves at the next `signal()` (at once if one came since the last wait). */
  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((r) => (this.resolve = r));
  }
}
