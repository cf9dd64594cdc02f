/**
 * The workshop's data: animal sightings from the trail cameras of a city park. Each camera sits in
 * a zone and reports what it saw as JSON on a Kafka topic, keyed by camera, the way the course's
 * example counts words such as `dog`. A seeded `@streamlab/datagen` model, so every attendee's
 * stream is the same record for record; `feedSightings` runs it into a topic for a step's live run.
 */
import { defineModel, kafkaOutput, runSimulation, Simulation, type RunSummary, type SimulationInput } from '@streamlab/datagen';
import type { KafkaClient } from '@streamlab/kafka';
import { z } from 'zod';

/** One sighting as the cameras write it (the JSON value of a Kafka record). */
export interface Sighting {
  /** `s-<n>`: the record's id, so a late or duplicated sighting can be named. */
  id: string;
  /** Event time: when the camera saw the animal (ISO-8601, UTC). */
  ts: string;
  animal: string;
  camera: string;
  zone: string;
  /** The camera's classifier confidence, 0..1. */
  confidence: number;
}

/** The JSON schema of a sighting (Spark's `from_json` schema). */
export const SightingSchema = z.object({
  id: z.string(),
  ts: z.iso.datetime(),
  animal: z.string(),
  camera: z.string(),
  zone: z.string(),
  confidence: z.number().min(0).max(1),
});

/** The park's zones and what lives there (weights: how often each animal passes a camera). */
export const ZONES = {
  meadow: { dog: 6, cat: 2, fox: 1, deer: 2, heron: 0 },
  pond: { dog: 3, cat: 1, fox: 1, deer: 0, heron: 3 },
  woods: { dog: 2, cat: 1, fox: 3, deer: 3, heron: 0 },
  gate: { dog: 8, cat: 3, fox: 0, deer: 0, heron: 0 },
} as const satisfies Record<string, Record<string, number>>;

export type Zone = keyof typeof ZONES;

interface Camera {
  id: string;
  zone: Zone;
  /** Cumulative weights of the zone's animals, for one draw per sighting. */
  animals: { animal: string; upTo: number }[];
}

/** The sightings model: 12 cameras, three per zone. */
export const sightingsModel = defineModel<Camera, Sighting>({
  name: 'sightings',
  description: 'Animal sightings from the trail cameras of a city park',
  entities: 12,
  timeField: 'ts',
  createEntity: ({ index }) => {
    const zones = Object.keys(ZONES) as Zone[];
    const zone = zones[index % zones.length]!;
    let total = 0;
    const animals = Object.entries(ZONES[zone])
      .filter(([, w]) => w > 0)
      .map(([animal, w]) => ({ animal, upTo: (total += w) }));
    return { id: `cam-${String(index + 1).padStart(2, '0')}`, zone, animals };
  },
  key: (c) => c.id,
  step: (c, { now, rng, seq }) => {
    const draw = rng.next() * c.animals[c.animals.length - 1]!.upTo;
    const animal = c.animals.find((a) => draw < a.upTo)!.animal;
    return {
      id: `s-${seq}`,
      ts: new Date(now).toISOString(),
      animal,
      camera: c.id,
      zone: c.zone,
      confidence: Math.round(rng.range(0.55, 1) * 100) / 100,
    };
  },
  recordId: (s) => s.id,
});

/**
 * Spark's `from_json(col, schema)`: the parsed row, or `null` when the text is not JSON or does
 * not match the schema (Spark gives a null struct; a filter then drops it). A bad record must not
 * stop the query, so this never throws.
 *
 * @example
 * fromJson(SightingSchema, '{"id":"s-1", ...}'); // Sighting | null
 */
export function fromJson<S extends z.ZodType>(schema: S, text: string | null): z.infer<S> | null {
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * The `kafka.bootstrap.servers` option that reaches the broker a step runs on: its servers for a
 * real broker, `''` (the process's embedded broker) for the embedded one.
 *
 * @example
 * readStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers(ctx.kafka));
 */
export function bootstrapServers(kafka: KafkaClient): string {
  return kafka.kind === 'embedded' ? '' : kafka.bootstrap;
}

export interface FeedOptions extends SimulationInput {
  signal?: AbortSignal;
  /** As fast as possible instead of paced (same records): for tests. */
  asap?: boolean;
}

/**
 * Feeds a topic with sightings (3 partitions, keyed by camera), paced in real time at `speed`
 * simulated seconds per second, until the run's duration is over or `signal` aborts.
 *
 * @example
 * const done = feedSightings(ctx.kafka, ctx.topic('sightings'), { ratePerSec: 20, speed: 60, signal: ctx.signal });
 */
export function feedSightings(kafka: KafkaClient, topic: string, opts: FeedOptions = {}): Promise<RunSummary> {
  const { signal, asap, ...input } = opts;
  const sim = new Simulation(sightingsModel, { seed: 7, ratePerSec: 20, durationMs: 3_600_000, speed: 60, ...input });
  return runSimulation(sim, kafkaOutput({ client: kafka, topic, labelsTopic: null }), { ...(signal ? { signal } : {}), ...(asap ? { asap } : {}) });
}
