import { AggregateOperator } from '../operators/aggregate/aggregate-operator.js';
import { BatchRun } from '../exec/batch-run.js';
import { count } from '../aggregates/count.js';
import { sum } from '../aggregates/sum.js';
import { window } from '../window/window.js';
import { Baseline } from './baseline.js';
import { batchRows, generate, workloadConfig } from './workload.js';
const cfg = { ...workloadConfig(), events: 2_000_000 };
const data = generate(cfg);
const batches: any[] = [];
for (let f = 0; f < cfg.events; f += cfg.batchSize) batches.push(batchRows(data, f, f + cfg.batchSize));
const noop = () => {};
const logger: any = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, child: () => logger };
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
let bestE = Infinity, bestB = Infinity;
for (let rep = 0; rep < 8; rep++) {
  let rows: unknown[] = [];
  const op = new AggregateOperator({ operatorId: 0, child: { name: 'x', execute: () => rows }, keys: ['key'], window: window('ts', 60000), timeKey: undefined, aggs: [['count', count()], ['total', sum('value')]], eventTime: { watermarkId: 0, delayMs: 60000, late: undefined } });
  const base = new Baseline(60000, 60000, 60000);
  let te = 0, tb = 0, wm = 0, max = 0;
  for (let i = 0; i < batches.length; i++) {
    for (const r of batches[i]!) if (r.ts > max) max = r.ts;
    const t0 = cpu(); base.process(batches[i]!); const t1 = cpu();
    rows = batches[i]!;
    op.execute(new BatchRun({ batchId: i, watermarkMs: wm, inputWatermarksMs: [wm], batchTimestampMs: 0, outputMode: 'append', isNoDataBatch: false, inputs: [], logger, watermarkCount: 1 }));
    wm = Math.max(wm, max - 60000); rows = [];
    op.execute(new BatchRun({ batchId: i, watermarkMs: wm, inputWatermarksMs: [wm], batchTimestampMs: 0, outputMode: 'append', isNoDataBatch: true, inputs: [], logger, watermarkCount: 1 }));
    const t2 = cpu();
    tb += t1 - t0; te += t2 - t1;
  }
  if (rep >= 2) { bestE = Math.min(bestE, te); bestB = Math.min(bestB, tb); }
}
console.log('engine ms', bestE.toFixed(0), 'baseline ms', bestB.toFixed(0), 'ratio', (bestB / bestE).toFixed(2));
