/**
 * Pipeline 3, a multi-step pattern. Concept: keyed event sequences in event-time order with
 * partial-match expiry. The operators' rule of thumb: a vibration warning, then a temperature
 * rise within 10 minutes, then a current spike means the machine is about to fail. Readings are
 * matched per machine once the watermark passes them (so the order is event time, not arrival);
 * a vibration warning not followed through in time expires to a side output (counted on the
 * dashboard: warnings that came to nothing are what the thresholds are tuned with).
 */
import { type LateRecord, pattern, type PatternTimeout, type Sink, type Stream } from '@streamlab/core';
import { type Catalog, MODELS, type Sensor } from '../domain/catalog.js';
import type { Reading } from '../domain/reading.js';
import type { PipelineOptions } from './options.js';

/** Vibration: halfway from nominal to the rating (ISO 10816's "alarm" zone starts about there). */
const VIBRATION_WARN_SHARE = 0.5;
/** Temperature: a quarter of the way, some 7 to 10 °C over nominal: a bearing that starts to run hot. */
const TEMPERATURE_WARN_SHARE = 0.25;
/** A current spike: 30 % over the rated nominal. */
const SPIKE = 1.3;

/** The thresholds of one machine, looked up once per reading by machine id. */
export interface Thresholds {
  vibration: number;
  bearingTemp: number;
  current: number;
}

/**
 * Warning thresholds per machine, from the catalog's ratings.
 *
 * @example
 * thresholds(catalog).get('P1-L1-M01'); // { vibration: 4.8, bearingTemp: 62.5, current: 28.6 }
 */
export function thresholds(catalog: Catalog): Map<string, Thresholds> {
  const warn = (r: { nominal: number; limit: number } | undefined, share: number) =>
    r === undefined ? Number.POSITIVE_INFINITY : r.nominal + share * (r.limit - r.nominal);
  return new Map(
    catalog.machines.map((m) => {
      const rated = MODELS[m.type].rated;
      return [
        m.machineId,
        {
          vibration: warn(rated.vibration, VIBRATION_WARN_SHARE),
          bearingTemp: warn(rated.bearingTemp, TEMPERATURE_WARN_SHARE),
          current: (rated.current?.nominal ?? Number.POSITIVE_INFINITY) * SPIKE,
        },
      ];
    }),
  );
}

/** A reading with the steps of the pattern it can be (computed once, before matching). */
export interface PatternEvent {
  machineId: string;
  lineId: string;
  eventTime: number;
  vibrationWarning: boolean;
  temperatureRise: boolean;
  currentSpike: boolean;
  vibration: number | null;
  bearingTemp: number | null;
  current: number | null;
}

export const imminentFailurePattern = pattern<PatternEvent>()
  .begin('vibration', (e) => e.vibrationWarning)
  .followedBy('temperature', (e) => e.temperatureRise)
  .followedBy('current', (e) => e.currentSpike)
  .within('10 minutes');

export type ExpiredWarning = PatternTimeout<string, PatternEvent, 'vibration' | 'temperature' | 'current'>;

/** An imminent-failure alert. */
export interface ImminentFailure {
  alertId: string;
  machineId: string;
  lineId: string;
  eventTime: number;
  /** When the vibration warning started the sequence. */
  startMs: number;
  vibration: number;
  bearingTemp: number;
  current: number;
}

/** Alerts of one machine within this span are one episode. */
const EPISODE_MS = 10 * 60_000;

const above = (v: number | null, t: number) => v !== null && v >= t;

/**
 * Imminent-failure alerts. Every warning starts a partial match, so one episode completes many
 * overlapping matches: they share the alert id of their machine and 10-minute episode, and the
 * consumer keeps one per id (`dedupAlerts`: a second query, whose own watermark is the alerts' time).
 *
 * @example
 * imminentFailures(readings, thresholds(catalog), options, { timedOut: expiredSink });
 */
export function imminentFailures(
  readings: Stream<Reading>,
  limits: ReadonlyMap<string, Thresholds>,
  o: Pick<PipelineOptions, 'patternWatermark'>,
  sides: { timedOut?: Sink<ExpiredWarning>; late?: Sink<LateRecord> } = {},
): Stream<ImminentFailure> {
  // the watermark is taken from every reading, before the filter below: a quiet machine's normal
  // readings still move event time on, so a sequence completes (or expires) without a new warning
  return readings
    .withWatermark('eventTime', o.patternWatermark, sides.late ? { late: sides.late } : {})
    .flatMap((r): PatternEvent[] => {
      const t = limits.get(r.machineId);
      if (t === undefined || r.state !== 'running') return [];
      const e = {
        machineId: r.machineId,
        lineId: r.lineId,
        eventTime: r.eventTime,
        vibrationWarning: above(r.vibration, t.vibration),
        temperatureRise: above(r.bearingTemp, t.bearingTemp),
        currentSpike: above(r.current, t.current),
        vibration: r.vibration,
        bearingTemp: r.bearingTemp,
        current: r.current,
      };
      // only readings that can be a step are matched: the others cannot advance a sequence
      return e.vibrationWarning || e.temperatureRise || e.currentSpike ? [e] : [];
    })
    .groupByKey((e) => e.machineId)
    .pattern(imminentFailurePattern, sides.timedOut ? { timedOut: sides.timedOut } : {})
    .map((m): ImminentFailure => {
      const v = m.events.vibration[0]!;
      const t = m.events.temperature[0]!;
      const c = m.events.current[0]!;
      // overlapping matches of one episode (every warning starts one) share the episode's 10-minute bucket
      const episode = Math.floor(m.startMs / EPISODE_MS) * EPISODE_MS;
      return {
        alertId: `imminent:${m.key}@${episode}`,
        machineId: m.key,
        lineId: v.lineId,
        eventTime: m.endMs,
        startMs: m.startMs,
        vibration: v.vibration!,
        bearingTemp: t.bearingTemp!,
        current: c.current!,
      };
    });
}

/** Sensors the pattern reads (for the README's table). */
export const PATTERN_SENSORS: readonly Sensor[] = ['vibration', 'bearingTemp', 'current'];

/**
 * One alert per id: a query of its own on the alerts (a feed or a topic), so its watermark is the
 * alerts' event time, not the readings' (within one query, matches are already behind that).
 *
 * @example
 * dedupAlerts(Stream.fromSource(imminentFeed));
 */
export function dedupAlerts(alerts: Stream<ImminentFailure>): Stream<ImminentFailure> {
  return alerts.withWatermark('eventTime', EPISODE_MS).dropDuplicatesWithinWatermark('alertId');
}
