/**
 * `npm run bench -- fleet`: the whole query set of the live run (`fleetQueries`: map matching,
 * segment speeds, incident detection and confirmation, rerouting with its exactly-once writes to
 * fleet.reroutes, ETAs, silent vehicles, KPIs, latest positions, teleports, dead letters, the
 * vehicles' reroute receiver) on the embedded broker, over pings the simulator wrote to
 * fleet.pings, in one process (one core). Against a same-run baseline: a hand loop reading the same
 * records from the same log and parsing them. Rates are per CPU-second of the process (one core:
 * the engine is single-threaded), so a loaded, shared machine does not hide them; the wall-clock
 * rate and the load average are printed beside. Target: 10x the hub's default pace (about 687 pings per
 * wall-clock second). Also the routing cost per reroute: A* on live costs with incidents open,
 * from the vehicle's intersection to its stop. BENCH_EVENTS scales the pings (default 200,000).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type Sink, Stream, StreamingSession, type StreamingQuery } from '@streamlab/core';
import { kafkaOutput, Simulation } from '@streamlab/datagen';
import { deadLetterTopic, type Decoder, EmbeddedBroker, createEmbeddedKafka, ensureTopics, kafkaSource, type KafkaClient } from '@streamlab/kafka';
import { deadLetterQuery } from '@streamlab/live';
import { pino } from 'pino';
import { cityNetwork } from '../domain/city.js';
import type { IncidentReport, Ping } from '../domain/ping.js';
import { routeCost, shortestRoute } from '../domain/routing.js';
import { type FleetKit, fleetQueries, fleetTopics, INCIDENTS_TOPIC, LIVE_DEFAULTS, liveRatePerSec } from '../live/start.js';
import { createFleetModel, MODEL_DEFAULTS, PINGS_TOPIC } from '../sim/model.js';
import { PINGS_PER_VEHICLE_SEC } from '../sim/telematics.js';
import { type FleetWorld, RerouteInbox } from '../sim/world.js';

const N = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const HUB_DEFAULT_RATE = Math.round(liveRatePerSec(LIVE_DEFAULTS));
const silent = pino({ level: 'silent' });

/**
 * The simulator, writing to a fresh embedded broker 10 simulated seconds at a time (as the live run
 * does, in small batches), its vehicles following the reroutes the queries send back.
 */
async function world(n: number) {
  const kafka = createEmbeddedKafka({ broker: new EmbeddedBroker() });
  await ensureTopics(kafka, fleetTopics());
  let w: FleetWorld | undefined;
  const inbox = new RerouteInbox();
  const model = createFleetModel({ ...MODEL_DEFAULTS, vehicles: 200, inbox, onWorld: (x) => (w = x) });
  const startMs = Date.UTC(2026, 0, 5, 6, 30);
  const durationMs = Math.ceil((n / (200 * PINGS_PER_VEHICLE_SEC)) * 1000);
  const disorder = { outOfOrder: 0.03, maxDelayMs: 5_000, duplicates: 0.01, malformed: 0.003, late: 0.002, lateDelayMs: 15_000 };
  const sim = new Simulation(model, { seed: 1, durationMs, startMs, disorder });
  const pingOut = kafkaOutput<Ping>({ client: kafka, topic: PINGS_TOPIC, labelsTopic: null });
  const reportOut = kafkaOutput<IncidentReport>({ client: kafka, topic: INCIDENTS_TOPIC, labelsTopic: null });
  let pings = 0;
  let t = startMs;
  /** Writes the next 10 simulated seconds; false when the span is done. */
  const step = async (): Promise<boolean> => {
    if (t >= startMs + durationMs) return false;
    t += 10_000;
    const envelopes = sim.nextBatch(Number.MAX_SAFE_INTEGER, t);
    pings += envelopes.length;
    await pingOut.write({ envelopes, incidents: [], recordId: (e) => e.record.pingId });
    const reports = w!.takeReports(t).map((r, i) => ({ seq: i, key: r.reportId, eventTimeMs: r.reportedAt, emitMs: r.reportedAt, record: r }));
    if (reports.length > 0) await reportOut.write({ envelopes: reports, incidents: [], recordId: (e) => e.record.reportId });
    return true;
  };
  sim.nextBatch(0, startMs);
  return { kafka, inbox, step, pings: () => pings, world: () => w! };
}

/** Baseline: read every partition of fleet.pings from the embedded log in slices and parse each record. */
async function baseline(kafka: KafkaClient): Promise<{ seconds: number; cpuSeconds: number }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const reader = kafka.reader();
  let n = 0;
  for (const p of await kafka.admin.topicOffsets(PINGS_TOPIC)) {
    for (let from = p.low; from < p.high; from += 50_000) {
      const [records] = await reader.read([{ topic: PINGS_TOPIC, partition: p.partition, from, until: Math.min(p.high, from + 50_000) }]);
      for (const r of records!) {
        try {
          if ((JSON.parse(r.value!.toString('utf8')) as { vehicleId?: string }).vehicleId) n++;
        } catch {
          /* malformed: the pipelines dead-letter it */
        }
      }
    }
  }
  if (n === 0) throw new Error('baseline read nothing');
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** The live query set on a bench kit: every reader from the start of its topic, every dashboard sink a counter. */
async function pipeline(
  run: Awaited<ReturnType<typeof world>>,
): Promise<{ seconds: number; cpuSeconds: number; queries: number; reroutes: number; outputRows: number }> {
  const { kafka, inbox } = run;
  const session = new StreamingSession({ logger: silent });
  const queries: StreamingQuery[] = [];
  let outputRows = 0;
  const counter = <T>(name: string): Sink<T> => ({ description: `count[${name}]`, addBatch: (rows: readonly T[]) => void (outputRows += rows.length) });
  const start = <T>(name: string, stream: Stream<T>, mode: 'append' | 'update' | 'complete', sink: Sink<T>) => {
    const q = stream.writeStream.session(session).outputMode(mode).queryName(name).sink(sink).start();
    queries.push(q);
    return q;
  };
  const dlqWriters = new Set<string>();
  const kit: FleetKit = {
    kafka,
    read<T>(
      topic: string,
      reader: string,
      o: { decode: Decoder<T>; eventTimeField?: keyof T & string; isolationLevel?: 'read_committed' | 'read_uncommitted' },
    ) {
      const dlq = topic === PINGS_TOPIC && !dlqWriters.has(topic);
      if (dlq) dlqWriters.add(topic);
      return Stream.fromSource<T>(
        kafkaSource<Decoder<T>>({
          client: kafka,
          subscribe: topic,
          groupId: `${topic}.${reader}`,
          startingOffsets: 'earliest',
          decode: o.decode,
          ...(o.eventTimeField ? { eventTimeField: o.eventTimeField } : {}),
          ...(o.isolationLevel ? { isolationLevel: o.isolationLevel } : {}),
          deadLetter: dlq ? { topic: deadLetterTopic(topic) } : false,
        }),
      );
    },
    run: (name, stream, mode, sink) => start(name, stream, mode, sink),
    publish: (query, stream, mode) => start(query.id, stream, mode, counter(query.id)),
    deadLetters: (query, topic) => {
      const dlq = deadLetterTopic(topic);
      const q = deadLetterQuery({
        kafka,
        topic: dlq,
        startingOffsets: { [dlq]: { '0': -2 } },
        trigger: { processingTime: '10 milliseconds' },
        sink: counter(query.id),
        session,
      });
      queries.push(q);
      return q;
    },
  };
  fleetQueries(kit, { seed: 1, silentAfterMs: 60_000 }, inbox);
  let seconds = 0;
  let cpuSeconds = 0;
  // the simulator's time (writing the pings) is not the queries': only the processing is measured
  while (await run.step()) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // in creation order, twice: the in-process feeds (speeds -> incidents -> confirmation) and the
    // reroutes read back from their topic are drained by the second round
    for (let round = 0; round < 2; round++) for (const q of queries) await q.processAllAvailable();
    seconds += (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    cpuSeconds += (cpu.user + cpu.system) / 1e6;
  }
  for (const q of queries) {
    await q.stop();
    if (q.exception) throw q.exception;
  }
  return { seconds, cpuSeconds, queries: queries.length, reroutes: inbox.received, outputRows };
}

/** Mean time of one reroute's routing: A* on live costs from a vehicle's intersection to its stop, plus the old route's ETA. */
function routingCost(w: FleetWorld): { microsPerReroute: number; routes: number } {
  const net = cityNetwork(1);
  const closed = new Set(w.incidents.filter((i) => i.kind === 'closure').map((i) => i.segment));
  const cost = (s: number) => (closed.has(s) ? Number.POSITIVE_INFINITY : net.segments[s]!.lengthM / (net.segments[s]!.freeFlowKmh / 3.6));
  const pairs: [number, number][] = [];
  for (let i = 0; i < 2_000; i++) pairs.push([(i * 7919) % net.nodes.length, (i * 104_729 + 13) % net.nodes.length]);
  for (const [a, b] of pairs.slice(0, 200)) shortestRoute(net, a, b, cost); // warm-up
  const t0 = performance.now();
  let sink = 0;
  for (const [a, b] of pairs) {
    const r = shortestRoute(net, a, b, cost);
    if (r) sink += routeCost(r.segments, cost);
  }
  const micros = ((performance.now() - t0) * 1000) / pairs.length;
  if (!(sink > 0)) throw new Error('no route found');
  return { microsPerReroute: Math.round(micros * 10) / 10, routes: pairs.length };
}

// warm-up of both paths (JIT) on a small run, then the measured run
const warm = await world(Math.min(N, 20_000));
await pipeline(warm);
await baseline(warm.kafka);
const measured = await world(N);
const run = await pipeline(measured);
const base = await baseline(measured.kafka);
const pings = measured.pings();
// per core: over the process's CPU time, so the figure holds on a shared, loaded machine (wall time beside it)
const recordsPerSec = Math.round(pings / run.cpuSeconds);
const baselineRecordsPerSec = Math.round(pings / base.cpuSeconds);
const mem = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    workload: 'fleet.all-queries.embedded',
    records: pings,
    queries: run.queries,
    recordsPerSec,
    wallRecordsPerSec: Math.round(pings / run.seconds),
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    baselineRecordsPerSec,
    ratio: Math.round((recordsPerSec / baselineRecordsPerSec) * 1000) / 1000,
    hubDefaultRate: HUB_DEFAULT_RATE,
    timesHubDefault: Math.round((recordsPerSec / HUB_DEFAULT_RATE) * 10) / 10,
    reroutes: run.reroutes,
    outputRows: run.outputRows,
    peakRssMb: Math.round(mem.rss / 1e6),
    target: `>= ${10 * HUB_DEFAULT_RATE} pings/s on one core (10x the hub's default pace)`,
  })}\n`,
);
process.stdout.write(
  `${JSON.stringify({ workload: 'fleet.routing-per-reroute', ...routingCost(measured.world()), nodes: cityNetwork(1).nodes.length, segments: cityNetwork(1).segments.length })}\n`,
);
