/**
 * Robust statistics for "how unusual is this amount for this holder": the median and the median
 * absolute deviation (MAD) are not dragged by the outliers they are meant to detect, unlike the
 * mean and standard deviation.
 */
import { median as medianOrNaN, StreamlabError } from '@streamlab/core';

/**
 * The median of a non-empty list (the engine's `median`, which is NaN for none; here an empty
 * sample is an error).
 *
 * @example
 * median([5, 1, 3]); // 3
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new StreamlabError('FRAUD_EMPTY_SAMPLE', 'the median of an empty list is undefined', {
      value: values,
      hint: 'pass at least one value',
    });
  }
  return medianOrNaN(values);
}

/**
 * The median absolute deviation from the median.
 *
 * @example
 * mad([1, 2, 3, 4, 100]); // 1
 */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/**
 * Iglewicz and Hoaglin's modified z-score: `0.6745 * (x - median) / MAD`. Values above 3.5 are
 * commonly treated as outliers. A zero MAD (a holder who always spends the same) is floored at
 * `minMad` so one different amount does not score infinity.
 *
 * @example
 * robustZ(10, 2, 1); // 5.396
 */
export function robustZ(x: number, med: number, madValue: number, minMad = 1e-6): number {
  return (0.6745 * (x - med)) / Math.max(madValue, minMad);
}
