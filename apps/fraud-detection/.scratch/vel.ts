import { MemoryStream } from '@streamlab/core';
import { velocityAlerts } from '../src/pipelines/velocity.js';
import { pipelineOptions } from '../src/pipelines/options.js';
import { txFixture, T0 } from '../src/domain/fixtures.js';
import type { Transaction } from '../src/domain/schemas.js';
const input = new MemoryStream<Transaction>();
const out: unknown[] = [];
const q = velocityAlerts(input.toStream().withWatermark('eventTime', '30 seconds'), pipelineOptions())
  .writeStream.outputMode('append').foreachBatch((rows) => { out.push(...rows); }).start();
input.addData(Array.from({ length: 7 }, (_, i) => txFixture({ eventTime: T0 + i * 5000 })));
await q.processAllAvailable();
console.log('after burst', out.length);
input.addData(txFixture({ cardId: 'c2', eventTime: T0 + 5 * 60_000 + 60_000 }));
await q.processAllAvailable();
console.log('after wm', out.length, JSON.stringify(out[0]).slice(0, 300), q.lastProgress?.eventTime);
await q.stop();
