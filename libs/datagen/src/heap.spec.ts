import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap.js';
import { Rng } from './prng.js';

describe('MinHeap', () => {
  it('pops by priority, ties in insertion order', () => {
    const h = new MinHeap<string>();
    expect(h.pop()).toBeUndefined();
    expect(h.peekPriority()).toBe(Number.POSITIVE_INFINITY);
    h.push(5, 'a');
    h.push(1, 'b');
    h.push(5, 'c');
    h.push(3, 'd');
    h.push(1, 'e');
    expect(h.size).toBe(5);
    expect(h.peekPriority()).toBe(1);
    expect([h.pop(), h.pop(), h.pop(), h.pop(), h.pop()]).toEqual(['b', 'e', 'd', 'a', 'c']);
  });

  it('sorts many random entries like a stable sort', () => {
    const rng = new Rng(1);
    const h = new MinHeap<number>();
    const items = Array.from({ length: 5_000 }, (_, i) => ({ p: rng.int(100), i }));
    for (const x of items) h.push(x.p, x.i);
    const out: number[] = [];
    while (h.size) out.push(h.pop()!);
    expect(out).toEqual([...items].sort((a, b) => a.p - b.p || a.i - b.i).map((x) => x.i));
  });
});
