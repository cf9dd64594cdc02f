import { Simulation } from '@streamlab/datagen';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { describe, expect, it } from 'vitest';
import { bootstrapServers, feedSightings, fromJson, SightingSchema, sightingsModel, ZONES } from './sightings.js';

describe('sightings', () => {
  it('the model is seeded: the same sightings every run, each valid JSON for SightingSchema, in its camera zone', () => {
    const take = () => new Simulation(sightingsModel, { seed: 7, ratePerSec: 50, durationMs: 10_000 }).nextBatch(200).map((e) => e.record);
    const a = take();
    expect(a.length).toBeGreaterThan(100);
    expect(take()).toEqual(a);
    for (const s of a) {
      expect(fromJson(SightingSchema, JSON.stringify(s))).toEqual(s);
      expect(Object.keys(ZONES[s.zone as keyof typeof ZONES])).toContain(s.animal);
    }
    expect(new Set(a.map((s) => s.camera)).size).toBe(12);
  });

  it("fromJson is Spark's from_json: null for text that is not JSON or not a sighting, never a throw", () => {
    expect(fromJson(SightingSchema, null)).toBeNull();
    expect(fromJson(SightingSchema, '{"id":')).toBeNull();
    expect(fromJson(SightingSchema, '{"id":"s-1","animal":"dog"}')).toBeNull();
  });

  it('bootstrapServers: empty for the embedded broker (the process one), the servers of a real one', () => {
    expect(bootstrapServers(createEmbeddedKafka({ broker: new EmbeddedBroker() }))).toBe('');
    expect(bootstrapServers({ kind: 'kafka', bootstrap: '10.0.0.5:9092' } as never)).toBe('10.0.0.5:9092');
  });

  it('feedSightings writes the simulation to a 3-partition topic, keyed by camera', async () => {
    const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
    const summary = await feedSightings(kafka, 'sightings', { asap: true, ratePerSec: 10, durationMs: 10_000 });
    const offsets = await kafka.admin.topicOffsets('sightings');
    expect(offsets.map((o) => o.partition)).toEqual([0, 1, 2]);
    expect(offsets.reduce((n, o) => n + o.high, 0)).toBe(summary.stats.emitted);
    const [first] = await kafka.reader().read([{ topic: 'sightings', partition: offsets.find((o) => o.high > 0)!.partition, from: 0, until: 1 }]);
    const record = first![0]!;
    expect(JSON.parse(record.value!.toString()).camera).toBe(record.key!.toString());
    await kafka.close();
  });
});
