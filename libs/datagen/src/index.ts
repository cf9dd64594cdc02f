export { Rng, hashSeed, type Seed } from './prng.js';
export { seededFaker } from './faker.js';
export { combine, dailyWave, dayOfWeek, diurnal, hourOfDay, weekly, type Rhythm } from './rhythm.js';
export {
  DEFAULT_BURSTY,
  DEFAULT_RAMPING,
  meanRateFactor,
  rateFactor,
  type BurstyProfile,
  type RampingProfile,
  type RateProfile,
  type SteadyProfile,
} from './rate.js';
export { scheduleTimes, type Schedule } from './schedule.js';
export {
  defineModel,
  defineScenario,
  type ClockContext,
  type EntityContext,
  type Incident,
  type IncidentContext,
  type Model,
  type ModelDef,
  type PickStrategy,
  type ScenarioDef,
  type SetupContext,
  type StepContext,
} from './model.js';
export {
  labelLine,
  recordText,
  type DisorderKind,
  type Envelope,
  type IncidentInfo,
  type Label,
  type LabelLine,
  type MalformedKind,
} from './envelope.js';
export { defaultMalformer, Disorder, NO_DISORDER, type DisorderCounts, type DisorderOptions, type Malformer } from './disorder.js';
export { DEFAULT_START_MS, resolveOptions, simulationOptionsSchema, type SimulationInput, type SimulationOptions } from './options.js';
export { Simulation, type SimulationStats } from './simulation.js';
export { iterateSimulation, runSimulation, simulationBatches, type RunOptions, type RunProgress, type RunSummary } from './run.js';
export type { SimBatch, SimOutput } from './outputs/output.js';
export { memoryOutput, type MemoryOutput } from './outputs/memory.js';
export { labelsPathFor, ndjsonOutput, type NdjsonOutputOptions } from './outputs/ndjson.js';
export { createPaymentsModel, paymentsModel, type Card, type Payment, type PaymentsModelOptions } from './examples/payments/model.js';
export { kafkaOutput, type KafkaOutputOptions } from './outputs/kafka.js';
export { parseSimulatorArgs, type CliOptions } from './cli/args.js';
export { formatSummary } from './cli/summary.js';
export { startProgressBar, startTaskBar, type ProgressBar, type TaskBar } from './cli/progress.js';
export { runSimulatorCli, type CliDeps, type CliResult, type LazyModel } from './cli/run-cli.js';
export { driveClock, type DrivableClock } from './drive-clock.js';
export {
  median,
  readLabelLines,
  scoreDetections,
  truthFromLabels,
  type Detection,
  type KindScore,
  type ScenarioScore,
  type Scorecard,
  type ScoreOptions,
  type TruthIncident,
} from './evaluate.js';
export {
  evaluateDetectors,
  EVALUATION_DISORDER,
  type DetectorEvaluation,
  type EvaluationResult,
  type EvaluationRunOptions,
} from './evaluate-detectors.js';
export { formatEvaluation } from './evaluation-report.js';
export { EVALUATION_DEFAULTS, runEvaluationCli, type EvaluationCliDeps, type EvaluationDefaults } from './cli/evaluate-cli.js';
