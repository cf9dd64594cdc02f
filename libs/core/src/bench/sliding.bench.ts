/** Sliding 6-minute windows every minute (size/slide = 6), count and sum by key over 100k keys. */
import { runAggregationBench } from './run-aggregation.js';

await runAggregationBench({ workload: 'core.sliding-6min-1min.count-sum.100k-keys', sizeMs: 360_000, slideMs: 60_000, delayMs: 60_000 });
