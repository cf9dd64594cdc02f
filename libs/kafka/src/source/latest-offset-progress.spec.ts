import { pino } from 'pino';
import { Stream, StreamingSession, type Logger } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../embedded/embedded-broker.js';
import { createEmbeddedKafka } from '../embedded/embedded-client.js';
import { kafkaSource } from './kafka-source.js';

describe('progress sources[].latestOffset (embedded broker)', () => {
  it('is the latest offset available (reportLatestOffset), not the end limited by maxOffsetsPerTrigger', async () => {
    const client = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    await client.admin.createTopics([{ topic: 'tx', partitions: 2 }]);
    await client.producer().send(Array.from({ length: 100 }, (_, i) => ({ topic: 'tx', partition: i % 2, value: `v${i}` })));
    const session = new StreamingSession({ logger: pino({ level: 'silent' }) as unknown as Logger });
    const query = Stream.fromSource(kafkaSource({ client, subscribe: 'tx', startingOffsets: 'earliest', maxOffsetsPerTrigger: 30 }))
      .writeStream.format('memory')
      .queryName('latest_offsets')
      .session(session)
      .start();
    await query.processAllAvailable();
    await query.stop();
    const sources = query.recentProgress.map((p) => p.sources[0]!);
    expect(sources.map((s) => s.numInputRows)).toEqual([30, 30, 30, 10]);
    expect(sources[0]!.endOffset).toEqual({ tx: { '0': 15, '1': 15 } });
    for (const s of sources) expect(s.latestOffset).toEqual({ tx: { '0': 50, '1': 50 } });
    expect(sources[0]!.metrics?.offsetsBehindLatest).toBe(70);
    await client.close();
  });
});
