/** Tumbling 1-minute windows, count and sum by key over 100k keys, 1% out of order, batches of 100k. */
import { runAggregationBench } from './run-aggregation.js';

await runAggregationBench({ workload: 'core.tumbling-1min.count-sum.100k-keys', sizeMs: 60_000, slideMs: 60_000, delayMs: 60_000 });
