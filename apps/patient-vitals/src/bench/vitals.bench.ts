/**
 * `npm run bench -- vitals`: the whole query set of the live run (ingest with quality and minute
 * values, rejected samples, coverage sessions in update and append mode with their gaps, NEWS2,
 * escalation, the trend detector, hourly trends, the acknowledgement join and the unacknowledged
 * clock) over 1,000 monitored beds, in one process (one core: the engine is single-threaded),
 * fed 10 simulated seconds per micro-batch from records serialised and decoded as the Kafka
 * source would (decoding is in the measured cost). Against a same-run baseline: a hand loop that
 * decodes the same records and walks their samples. Rates are per CPU-second of the process, so a
 * loaded, shared machine does not hide them; the wall-clock rate and the load average are printed
 * beside. Target: keep up with 1,000 beds, i.e. at least one simulated second per CPU-second.
 * BENCH_EVENTS scales the simulated samples (default 1,200,000: about 9 minutes of 1,000 beds).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MemoryStream, type Sink, type Stream, type StreamingQuery } from '@streamlab/core';
import { recordText, Simulation } from '@streamlab/datagen';
import { decodeJson } from '@streamlab/kafka';
import { scaleRows } from '../domain/admission.js';
import type { Alert } from '../domain/alert.js';
import { type Ack, type MonitorMessage, monitorMessageSchema, type Observation, observationSchema } from '../domain/records.js';
import { acknowledgements } from '../pipelines/acknowledgements.js';
import { type CoverageSession, coverageSessions, monitoringGaps } from '../pipelines/coverage.js';
import { escalationAlerts } from '../pipelines/escalation.js';
import { type News2Row, news2Scores } from '../pipelines/news2-scores.js';
import { qualitySamples, rejectedSamples } from '../pipelines/quality.js';
import { hourlyTrends, type MinuteValue, minuteValues } from '../pipelines/rolling.js';
import { trendAlerts } from '../pipelines/trend.js';
import { unacknowledgedAlerts } from '../pipelines/unacknowledged.js';
import { createVitalsModel } from '../sim/model.js';
import type { PatientSim } from '../sim/patient.js';

const BEDS = 1_000;
/** Samples per bed per simulated second: HR and SpO2 at 1 Hz, RR every 5 s, BP every 15 min. */
const SAMPLES_PER_BED_SEC = 2 + 1 / 5 + 2 / 900;
const SAMPLES = Number(process.env['BENCH_EVENTS'] ?? 1_200_000);
const SIM_SECONDS = Math.ceil(SAMPLES / (BEDS * SAMPLES_PER_BED_SEC));
const BATCH_MS = 10_000;

type Wire = Parameters<ReturnType<typeof decodeJson>>[0];
const wire = (text: string, offset: number): Wire => ({
  key: null,
  value: Buffer.from(text),
  topic: 'bench',
  partition: 0,
  offset,
  timestamp: 0,
  timestampType: 0,
  headers: [],
});

/** The records of the run, as text, in 10-second micro-batches (made before measuring). */
function records() {
  const sim = new Simulation(
    createVitalsModel({
      beds: BEDS,
      // A run spans minutes, not the hours a deterioration takes: a sepsis starts 95 % along its
      // course every 2 simulated minutes (as the live demo's first patient does), so the alert,
      // acknowledgement and escalation queries have work, not only the per-minute ones.
      deteriorationsPerHour: 30,
      mimicsPerHour: 4,
      deterioratingAtStart: { scenario: 'sepsis', phase0: 0.95 },
    }),
    {
      seed: 1,
      ratePerSec: BEDS * 0.2,
      durationMs: SIM_SECONDS * 1000,
      disorder: { outOfOrder: 0.01, maxDelayMs: 3_000, duplicates: 0.005, malformed: 0.001 },
    },
  );
  const batches: { monitor: Wire[]; observation: Wire[] }[] = [];
  let offset = 0;
  for (let until = sim.startMs + BATCH_MS; !sim.done; until += BATCH_MS) {
    const b = { monitor: [] as Wire[], observation: [] as Wire[] };
    for (const env of sim.nextBatch(Number.MAX_SAFE_INTEGER, until)) b[env.record.kind].push(wire(recordText(env), offset++));
    batches.push(b);
  }
  return { batches, admissions: (sim.population as readonly PatientSim[]).map((p) => p.admission) };
}

const decodeMessage = decodeJson(monitorMessageSchema);
const decodeObservation = decodeJson(observationSchema);

function measure<T>(f: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return f().then((result) => {
    const c = process.cpuUsage(c0);
    return { result, seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
  });
}

/** Baseline: decode every record and walk its samples, by hand. */
async function baseline(data: ReturnType<typeof records>): Promise<number> {
  let samples = 0;
  for (const b of data.batches) {
    for (const r of b.monitor) {
      const d = decodeMessage(r);
      if (d.ok) for (const s of d.value.samples) if (s.value !== null) samples++;
    }
    for (const r of b.observation) decodeObservation(r);
  }
  return samples;
}

/** The live query set, chained as the live app's feeds chain it, every dashboard sink a counter. */
async function pipeline(data: ReturnType<typeof records>): Promise<{ samples: number; queries: number; outputRows: number; alerts: number }> {
  const messages = new MemoryStream<MonitorMessage>('messages');
  const rounds = new MemoryStream<Observation>('observations');
  const minutes = new MemoryStream<MinuteValue>('minutes');
  const scores = new MemoryStream<News2Row>('news2');
  const closed = new MemoryStream<CoverageSession>('closed-sessions');
  const alerts = new MemoryStream<Alert>('alerts');
  const acks = new MemoryStream<Ack>('acks');
  let outputRows = 0;
  let alertCount = 0;
  const count = <T>(): Sink<T> => ({ description: 'count', addBatch: (rows) => void (outputRows += rows.length) });
  const into = <T>(m: MemoryStream<T>, also?: (rows: readonly T[]) => void): Sink<T> => ({
    description: 'into',
    addBatch: (rows) => {
      outputRows += rows.length;
      also?.(rows);
      if (rows.length > 0) m.addData([...rows]);
    },
  });
  const start = <T>(s: Stream<T>, mode: 'append' | 'update', sink: Sink<T>): StreamingQuery => s.writeStream.outputMode(mode).sink(sink).start();
  const stage1 = [
    start(minuteValues(qualitySamples(messages.toStream())), 'append', into(minutes)),
    start(rejectedSamples(messages.toStream()), 'append', count()),
    start(coverageSessions(qualitySamples(messages.toStream())), 'update', count()),
    start(coverageSessions(qualitySamples(messages.toStream())), 'append', into(closed)),
  ];
  const stage2 = [
    start(news2Scores(minutes.toStream(), rounds.toStream(), scaleRows(data.admissions)), 'append', into(scores)),
    start(hourlyTrends(minutes.toStream()), 'append', count()),
    start(monitoringGaps(closed.toStream()), 'append', count()),
    start(
      trendAlerts(minutes.toStream()),
      'append',
      into(alerts, (rows) => void (alertCount += rows.length)),
    ),
  ];
  const stage3 = [
    start(
      escalationAlerts(scores.toStream()),
      'append',
      into(alerts, (rows) => void (alertCount += rows.length)),
    ),
  ];
  const stage4 = [
    start(acknowledgements(alerts.toStream(), acks.toStream()), 'append', count()),
    start(
      unacknowledgedAlerts(
        alerts.toStream(),
        acks.toStream(),
        scores.toStream().map((r) => ({ eventTime: r.eventTime })),
      ),
      'append',
      count(),
    ),
  ];
  const all = [...stage1, ...stage2, ...stage3, ...stage4];
  let samples = 0;
  let ackSeq = 0;
  for (const b of data.batches) {
    const ms: MonitorMessage[] = [];
    const os: Observation[] = [];
    for (const r of b.monitor) {
      const d = decodeMessage(r);
      if (d.ok) {
        ms.push(d.value);
        samples += d.value.samples.length;
      }
    }
    for (const r of b.observation) {
      const d = decodeObservation(r);
      if (d.ok) os.push(d.value);
    }
    if (ms.length > 0) messages.addData(ms);
    if (os.length > 0) rounds.addData(os);
    for (const stage of [stage1, stage2, stage3]) await Promise.all(stage.map((q) => q.processAllAvailable()));
    // a ward acknowledges some alerts: the join has both sides to work on
    if (alertCount > ackSeq * 2 && ms.length > 0) {
      const t = ms[ms.length - 1]!.eventTime as number;
      acks.addData([{ ackId: `k${ackSeq}`, alertId: `none-${ackSeq}`, patientId: ms[0]!.patientId, eventTime: t, by: 'bench' }]);
      ackSeq++;
    }
    await Promise.all(stage4.map((q) => q.processAllAvailable()));
  }
  for (const q of all) if (q.exception) throw q.exception;
  await Promise.all(all.map((q) => q.stop()));
  return { samples, queries: all.length, outputRows, alerts: alertCount };
}

const data = records();
await baseline(data); // warm-up (JIT), not measured
const base = await measure(() => baseline(data));
const run = await measure(() => pipeline(data));
const samplesPerCpuSec = run.result.samples / run.cpuSeconds;
const baselinePerCpuSec = base.result / base.cpuSeconds;
const simSecondsPerCpuSec = SIM_SECONDS / run.cpuSeconds;
process.stdout.write(
  `${JSON.stringify({
    workload: 'vitals.all-queries.1000-beds',
    beds: BEDS,
    simulatedSeconds: SIM_SECONDS,
    samples: run.result.samples,
    queries: run.result.queries,
    samplesPerSec: Math.round(samplesPerCpuSec),
    wallSamplesPerSec: Math.round(run.result.samples / run.seconds),
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    baselineSamplesPerSec: Math.round(baselinePerCpuSec),
    ratio: Math.round((samplesPerCpuSec / baselinePerCpuSec) * 1000) / 1000,
    timesRealTime: Math.round(simSecondsPerCpuSec * 10) / 10,
    bedsOnOneCore: Math.round(BEDS * simSecondsPerCpuSec),
    alerts: run.result.alerts,
    outputRows: run.result.outputRows,
    peakRssMb: Math.round(process.memoryUsage().rss / 1e6),
    target: '>= 1x real time for 1,000 beds on one core (timesRealTime >= 1)',
  })}\n`,
);
if (simSecondsPerCpuSec < 1) process.exitCode = 1;
