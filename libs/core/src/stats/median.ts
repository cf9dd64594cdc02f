/**
 * The median of a list of numbers: the middle value, or the mean of the two middle values of an
 * even-sized list. Pure; the list is not modified.
 */

/**
 * The median of a list (NaN when empty).
 *
 * @example
 * median([3, 1, 2]); // 2
 * median([4, 1, 2, 3]); // 2.5
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
