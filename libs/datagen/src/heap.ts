/** A binary min-heap on a numeric priority, stable for equal priorities (insertion order). */
export class MinHeap<T> {
  private prio: number[] = [];
  private order: number[] = [];
  private items: T[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  /** The smallest priority, or `Infinity` when empty. */
  peekPriority(): number {
    return this.items.length ? this.prio[0]! : Number.POSITIVE_INFINITY;
  }

  push(priority: number, item: T): void {
    this.prio.push(priority);
    this.order.push(this.counter++);
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0]!;
    this.swap(0, n - 1);
    this.prio.pop();
    this.order.pop();
    this.items.pop();
    let i = 0;
    const m = n - 1;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < m && this.less(l, s)) s = l;
      if (r < m && this.less(r, s)) s = r;
      if (s === i) break;
      this.swap(i, s);
      i = s;
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = this.prio[i]!;
    const b = this.prio[j]!;
    return a < b || (a === b && this.order[i]! < this.order[j]!);
  }

  private swap(i: number, j: number): void {
    const p = this.prio[i]!;
    this.prio[i] = this.prio[j]!;
    this.prio[j] = p;
    const o = this.order[i]!;
    this.order[i] = this.order[j]!;
    this.order[j] = o;
    const t = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = t;
  }
}
