/**
 * Runs the use case live: the simulator, paced in real time, produces readings to the Kafka topic
 * `equipment-failure.readings` on the hub's broker (embedded unless `KAFKA_BROKERS` is set); the queries
 * read it with the Kafka source and stream their results to the dashboard. Readings that do not
 * decode are counted by every query, dead-lettered once to `equipment-failure.readings-dlq`, and shown.
 */
import { type RunningUseCase, type UseCaseContext, useCaseKit } from '@streamlab/live';
import { decodeJson, type TopicDeclaration } from '@streamlab/kafka';
import { readingSchema } from '../domain/reading.js';
import { highAverageAlerts, sourceAverages } from '../pipelines/source-averages.js';
import { equipmentFailureModel, READINGS_TOPIC } from '../sim/model.js';
import { queries as q } from '../queries.js';

export interface LiveOptions {
  /** Readings per second of simulated time. */
  ratePerSec: number;
  /** Simulated time per wall-clock time (1 = real time). */
  speed: number;
  seed: number;
  topic: string;
}

export const LIVE_DEFAULTS: LiveOptions = { ratePerSec: 20, speed: 1, seed: 1, topic: READINGS_TOPIC };

/**
 * The topics of a run: readings in, with a dead-letter topic for those that do not decode.
 *
 * @example
 * topics(); // [{ topic: 'equipment-failure.readings', partitions: 2, deadLetters: true }]
 */
export function topics(o: Pick<LiveOptions, 'topic'> = LIVE_DEFAULTS): TopicDeclaration[] {
  return [{ topic: o.topic, partitions: 2, deadLetters: true }];
}

/**
 * Starts the queries, then the simulator; the hub stops them on shutdown.
 *
 * @example
 * const running = await startEquipmentFailureLive(ctx);
 */
export async function startEquipmentFailureLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}): Promise<RunningUseCase> {
  const o = { ...LIVE_DEFAULTS, ...options };
  const kit = await useCaseKit(ctx, { topics: topics(o) });
  const readings = (reader: string) => kit.read(o.topic, reader, { decode: decodeJson(readingSchema), eventTimeField: 'eventTime' });
  kit.publish(q.averages, sourceAverages(readings(q.averages.id)), 'update');
  kit.publish(q.alerts, highAverageAlerts(readings(q.alerts.id)), 'append');
  kit.deadLetters(q.deadLetters, o.topic);
  kit.simulate(equipmentFailureModel, { topic: o.topic, ratePerSec: o.ratePerSec, speed: o.speed, seed: o.seed, disorder: { malformed: 0.002 } });
  return kit.running();
}
