/**
 * Runs the use case live: the simulator, paced in real time, produces positions to the Kafka topic
 * `fleet-rerouting.positions` on the hub's broker (embedded unless `KAFKA_BROKERS` is set); the queries
 * read it with the Kafka source and stream their results to the dashboard. Positions that do not
 * decode are counted by every query, dead-lettered once to `fleet-rerouting.positions-dlq`, and shown.
 */
import { type RunningUseCase, type UseCaseContext, useCaseKit } from '@streamlab/live';
import { decodeJson, type TopicDeclaration } from '@streamlab/kafka';
import { positionSchema } from '../domain/position.js';
import { latestPositions } from '../pipelines/latest-positions.js';
import { reportRate } from '../pipelines/report-rate.js';
import { zoneAlerts } from '../pipelines/zone-alerts.js';
import { fleetReroutingModel, POSITIONS_TOPIC } from '../sim/model.js';
import { queries as q } from '../queries.js';

export interface LiveOptions {
  /** Positions per second of simulated time. */
  ratePerSec: number;
  /** Simulated time per wall-clock time (1 = real time). */
  speed: number;
  seed: number;
  topic: string;
}

export const LIVE_DEFAULTS: LiveOptions = { ratePerSec: 20, speed: 1, seed: 1, topic: POSITIONS_TOPIC };

/**
 * The topics of a run: positions in, with a dead-letter topic for those that do not decode.
 *
 * @example
 * topics(); // [{ topic: 'fleet-rerouting.positions', partitions: 2, deadLetters: true }]
 */
export function topics(o: Pick<LiveOptions, 'topic'> = LIVE_DEFAULTS): TopicDeclaration[] {
  return [{ topic: o.topic, partitions: 2, deadLetters: true }];
}

/**
 * Starts the queries, then the simulator; the hub stops them on shutdown.
 *
 * @example
 * const running = await startFleetReroutingLive(ctx);
 */
export async function startFleetReroutingLive(ctx: UseCaseContext, options: Partial<LiveOptions> = {}): Promise<RunningUseCase> {
  const o = { ...LIVE_DEFAULTS, ...options };
  const kit = await useCaseKit(ctx, { topics: topics(o) });
  const positions = (reader: string) => kit.read(o.topic, reader, { decode: decodeJson(positionSchema), eventTimeField: 'eventTime' });
  kit.publish(q.vehicles, latestPositions(positions(q.vehicles.id)), 'update', { volatile: true });
  kit.publish(q.rate, reportRate(positions(q.rate.id)), 'update');
  kit.publish(q.alerts, zoneAlerts(positions(q.alerts.id)), 'append');
  kit.deadLetters(q.deadLetters, o.topic);
  kit.simulate(fleetReroutingModel, { topic: o.topic, ratePerSec: o.ratePerSec, speed: o.speed, seed: o.seed, disorder: { malformed: 0.002 } });
  return kit.running();
}
