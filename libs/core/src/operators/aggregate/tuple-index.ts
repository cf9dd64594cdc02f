/**
 * The index of multi-column keys: a `Map` per column but the last, so a key is found by its
 * values, never by the identity of its tuple (GroupTable's index, and the sliding-window emission's
 * dense ids, where each pane's table holds its own tuple objects).
 */

/**
 * The map holding the last column of `tuple`, made on the way when missing.
 *
 * @example
 * const index = new Map();
 * lastLevel(index, ['p1', 'hr']).set('hr', 0); // index: p1 -> (hr -> 0)
 */
export function lastLevel(index: Map<unknown, unknown>, tuple: readonly unknown[]): Map<unknown, unknown> {
  let level = index;
  for (let i = 0; i < tuple.length - 1; i++) {
    let next = level.get(tuple[i]) as Map<unknown, unknown> | undefined;
    if (!next) {
      next = new Map();
      level.set(tuple[i], next);
    }
    level = next;
  }
  return level;
}
