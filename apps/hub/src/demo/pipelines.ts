/**
 * The demo's queries: each one shows a piece of the live layer.
 * - `rides`: rides and speed per zone in 10-second windows (update mode, 10 s watermark): the
 *   time series, the windows table (open vs finalized), late rows in the health panel.
 * - `alerts`: speeding and low-battery readings (append): the alerts feed.
 * - `positions`: each bike's latest position (update mode, volatile emits): the map.
 * - `rides-append` / `rides-update` / `rides-complete`: one aggregation in the three output
 *   modes, for the output-mode view.
 */
import { avg, count, last, max, StreamingSession, window, type Logger, type Stream, type StreamingQuery } from '@streamlab/core';
import { liveSink, type LiveHub, type LiveQuery } from '@streamlab/live';
import type { BikeReading } from './simulator.js';
import { queries as q } from './queries.js';

export interface DemoAlert {
  ts: number;
  bike: string;
  severity: 'high' | 'medium' | 'low';
  reason: string;
  zone: string;
}

const TRIGGER = { processingTime: '250 milliseconds' } as const;

/** Turns a reading into an alert, or null. Plain function: tested on its own. */
export function alertFor(r: BikeReading): DemoAlert | null {
  if (r.speedKmh >= 34)
    return { ts: r.ts, bike: r.bike, severity: r.speedKmh >= 40 ? 'high' : 'medium', reason: `Speeding: ${r.speedKmh} km/h in the ${r.zone}`, zone: r.zone };
  if (r.battery <= 5) return { ts: r.ts, bike: r.bike, severity: 'low', reason: `Battery at ${r.battery}%`, zone: r.zone };
  return null;
}

/** Rides and speed per zone in 10-second windows (10 s watermark). */
export function ridesByZone(readings: Stream<BikeReading>) {
  return readings
    .withWatermark('ts', '10 seconds')
    .groupBy(window('ts', '10 seconds'), 'zone')
    .agg({ rides: count(), avgSpeed: avg('speedKmh'), maxSpeed: max('speedKmh') });
}

/** Each bike's latest position. */
export function latestPositions(readings: Stream<BikeReading>) {
  return readings.groupBy('bike').agg({ lon: last('lon'), lat: last('lat'), speedKmh: last('speedKmh'), zone: last('zone') });
}

/** Rides per 10-second window (5 s watermark), for the output-mode view. */
export function ridesPerWindow(readings: Stream<BikeReading>) {
  return readings.withWatermark('ts', '5 seconds').groupBy(window('ts', '10 seconds')).agg({ rides: count() });
}

/**
 * Starts the demo's queries (named by their handles in `queries.ts`); `readings(name)` gives each
 * query its own stream of readings.
 *
 * @example
 * const queries = startDemoPipelines({ namespace: 'demo', hub, readings: () => Stream.fromSource(kafkaSource({...})) });
 */
export function startDemoPipelines(opts: {
  namespace: string;
  hub: LiveHub;
  readings: (query: string) => Stream<BikeReading>;
  logger?: Logger;
}): StreamingQuery[] {
  // the queries log through the caller's logger (the core's default session logs nothing)
  const session = new StreamingSession(opts.logger ? { logger: opts.logger } : {});
  const feed = opts.readings;
  const sink = <T extends object>(query: LiveQuery<T>, extra: { volatile?: boolean; maxMessagesPerSecond?: number } = {}) => liveSink(opts, query, extra);
  const queries: StreamingQuery[] = [];

  queries.push(
    ridesByZone(feed(q.rides.id)).writeStream.session(session).outputMode('update').trigger(TRIGGER).queryName(q.rides.id).sink(sink(q.rides)).start(),
  );

  queries.push(
    feed(q.alerts.id)
      .flatMap((r) => {
        const a = alertFor(r);
        return a ? [a] : [];
      })
      .writeStream.session(session)
      .outputMode('append')
      .trigger(TRIGGER)
      .queryName(q.alerts.id)
      .sink(sink(q.alerts))
      .start(),
  );

  queries.push(
    latestPositions(feed(q.positions.id))
      .writeStream.session(session)
      .outputMode('update')
      .trigger(TRIGGER)
      .queryName(q.positions.id)
      .sink(sink(q.positions, { volatile: true, maxMessagesPerSecond: 5 }))
      .start(),
  );

  for (const [mode, query] of [
    ['append', q.ridesAppend],
    ['update', q.ridesUpdate],
    ['complete', q.ridesComplete],
  ] as const) {
    queries.push(
      ridesPerWindow(feed(query.id))
        .writeStream.session(session)
        .outputMode(mode)
        .trigger({ processingTime: '1 second' })
        .queryName(query.id)
        .sink(sink(query))
        .start(),
    );
  }
  return queries;
}
