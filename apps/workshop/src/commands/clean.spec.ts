import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedKafka, EmbeddedBroker } from '@streamlab/kafka';
import { manualFileEvents } from '../file-events.js';
import { runWorkshop } from '../program.js';
import type { RunBroker } from '../run/broker.js';
import { fixtureSteps, type FixtureSteps } from '../testing/fixture-steps.js';
import { testWorkshop } from '../testing/test-workshop.js';

let fx: FixtureSteps;
let embedded: EmbeddedBroker;
beforeEach(() => {
  fx = fixtureSteps();
  embedded = new EmbeddedBroker();
});
afterEach(() => fx.remove());

/** The shared broker of the room, played by an embedded broker of the spec's own. */
const openShared = async (): Promise<RunBroker> => {
  const kafka = createEmbeddedKafka({ broker: embedded });
  return { kafka, mode: 'external', description: 'Kafka at 10.0.0.5:9092', close: () => kafka.close() };
};
const deps = (extra = {}) => ({ signal: new AbortController().signal, events: manualFileEvents(), openBroker: openShared, ...extra });

async function topics(): Promise<string[]> {
  return (await createEmbeddedKafka({ broker: embedded }).admin.listTopics()).sort();
}

describe('workshop clean', () => {
  beforeEach(async () => {
    await createEmbeddedKafka({ broker: embedded }).admin.createTopics(
      ['alice.sightings', 'alice.rare-sightings', 'bob.sightings'].map((topic) => ({ topic, partitions: 1 })),
    );
  });

  it("asks, then deletes only this attendee's topics", async () => {
    const w = testWorkshop(fx, { answers: ['y'], env: { WORKSHOP_PREFIX: 'alice.', KAFKA_BROKERS: '10.0.0.5:9092' } });
    expect(await runWorkshop(['clean'], w, deps())).toBe(0);
    expect(w.io.questions).toEqual(['Delete 2 topics on Kafka at 10.0.0.5:9092: alice.rare-sightings, alice.sightings? [y/N] ']);
    expect(w.io.stdout).toContain('Deleted 2 topics: alice.rare-sightings, alice.sightings');
    expect(await topics()).toEqual(['bob.sightings']);
  });

  it('deletes nothing on no, and says when there is nothing of the prefix', async () => {
    const w = testWorkshop(fx, { answers: ['n'], env: { WORKSHOP_PREFIX: 'alice.' } });
    await runWorkshop(['clean'], w, deps());
    expect(w.io.stdout).toContain('Nothing deleted.');
    expect(await topics()).toHaveLength(3);
    const none = testWorkshop(fx, { env: { WORKSHOP_PREFIX: `carol${randomUUID().slice(0, 4)}.` } });
    await runWorkshop(['clean', '--yes'], none, deps());
    expect(none.io.stdout).toMatch(/^No topics named carol\w+\.… on Kafka at 10\.0\.0\.5:9092\.\n$/);
  });

  it('refuses to run without WORKSHOP_PREFIX (it would delete every topic), exit 2', async () => {
    const w = testWorkshop(fx, { answers: ['y'], env: { KAFKA_BROKERS: '10.0.0.5:9092' } });
    expect(await runWorkshop(['clean'], w, deps())).toBe(2);
    expect(w.io.stderr).toContain('WORKSHOP_PREFIX is not set');
    expect(await topics()).toHaveLength(3);
  });

  it('has nothing to clean on the embedded broker', async () => {
    const w = testWorkshop(fx, { env: { WORKSHOP_PREFIX: 'alice.' } });
    expect(await runWorkshop(['clean'], w, { signal: new AbortController().signal, events: manualFileEvents() })).toBe(0);
    expect(w.io.stdout).toContain('Nothing to clean');
  });
});
