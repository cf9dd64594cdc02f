/**
 * The baseline of the aggregation benchmarks: what someone would write by hand in a kafkajs
 * loop. A Map per window, an object per key, every window of a row updated, windows closed and
 * emitted when a watermark passes them.
 */
import type { Event } from './workload.js';

interface Acc {
  count: number;
  sum: number;
}

export class Baseline {
  outputRows = 0;
  private readonly windows = new Map<number, Map<string, Acc>>();
  private maxTs = -Infinity;
  private wm = 0;
  private readonly sizeMs: number;
  private readonly slideMs: number;
  private readonly delayMs: number;

  constructor(sizeMs: number, slideMs: number, delayMs: number) {
    this.sizeMs = sizeMs;
    this.slideMs = slideMs;
    this.delayMs = delayMs;
  }

  process(rows: readonly Event[]): void {
    const { sizeMs, slideMs, windows } = this;
    const wm = this.wm;
    for (let i = 0; i < rows.length; i++) {
      const e = rows[i]!;
      if (e.ts > this.maxTs) this.maxTs = e.ts;
      const last = e.ts - (e.ts % slideMs);
      for (let s = last; s > e.ts - sizeMs; s -= slideMs) {
        if (s + sizeMs <= wm) continue;
        let m = windows.get(s);
        if (!m) windows.set(s, (m = new Map()));
        let acc = m.get(e.key);
        if (!acc) m.set(e.key, (acc = { count: 0, sum: 0 }));
        acc.count += 1;
        acc.sum += e.value;
      }
    }
    this.wm = Math.max(wm, this.maxTs - this.delayMs);
    const out: { window: { start: number; end: number }; key: string; count: number; total: number }[] = [];
    for (const [s, m] of windows) {
      if (s + sizeMs > this.wm) continue;
      for (const [key, acc] of m) out.push({ window: { start: s, end: s + sizeMs }, key, count: acc.count, total: acc.sum });
      windows.delete(s);
    }
    this.outputRows += out.length;
  }

  clear(): void {
    this.windows.clear();
  }
}
