/**
 * @streamlab/fraud-detection: the reference use case. The domain (schemas, rules, risk score), the
 * simulator, the pipelines, the live use case and the evaluation, re-exported by name.
 */
// Domain
export { CHANNELS, cardProfileSchema, eventTimeSchema, merchantSchema, parseTransaction, transactionSchema, type CardProfile, type Channel, type Merchant, type Transaction } from './domain/schemas.js';
export { decodeTransaction, type Decoded } from './domain/decode.js';
export { RULE_IDS, evidenceOf, makeAlert, severityOf, type Alert, type EvidenceRow, type RuleId, type Severity } from './domain/alert.js';
export { DEFAULT_RULES, rulesConfig, rulesConfigSchema, type RulesConfig, type RulesConfigInput } from './domain/rules-config.js';
export { CURRENCIES, fromEur, toEur, type Currency } from './domain/money.js';
export { MCCS, MCC_TABLE, mccInfo, type Mcc, type MccInfo, type MerchantRisk } from './domain/mcc.js';
export { haversineKm, speedKmh, type GeoPoint } from './domain/geo.js';
export { mad, median, robustZ } from './domain/robust.js';
export { velocityRule, type VelocityWindow } from './domain/rules/velocity.js';
export { impossibleTravel, isPhysical, travelStep, type TravelState } from './domain/rules/impossible-travel.js';
export { amountAnomaly, amountScore } from './domain/rules/amount-anomaly.js';
export { cardTestingAlert, isHit, isProbe } from './domain/rules/card-testing.js';
export { compromisedMerchant, exposedCardReuse, type Exposure, type MerchantWindow } from './domain/rules/compromised-merchant.js';
export { accountTakeover } from './domain/rules/account-takeover.js';
export { RULE_WEIGHTS, decisionOf, riskScore, type Decision, type RiskScore } from './domain/risk-score.js';

// Simulator
export { SPENDING_BY_HOUR, TRANSACTIONS_TOPIC, createWorld, fraudModel, type FraudModelOptions } from './sim/model.js';
export { DEFAULT_CARDS, WORLD_SEED, fraudSimulator } from './sim/defaults.js';
export { SCENARIO_NAMES, fraudScenarios, type ScenarioName, type ScenarioOptions } from './sim/scenarios.js';
export type { World, WorldOptions } from './sim/world.js';
export type { Holder } from './sim/holders.js';

// Pipelines
export { pipelineOptions, pipelineOptionsSchema, type PipelineOptions, type PipelineOptionsInput } from './pipelines/options.js';
export { alertStreams, chainedAlertStreams, transactions, type FraudTables } from './pipelines/fraud-pipelines.js';
export { velocityAlerts } from './pipelines/velocity.js';
export { impossibleTravelAlerts, TRAVEL_STATE_TTL } from './pipelines/impossible-travel.js';
export { amountAnomalyAlerts } from './pipelines/amount-anomaly.js';
export { accountTakeoverAlerts } from './pipelines/account-takeover.js';
export { cardTestingAlerts, cardTestingPattern } from './pipelines/card-testing.js';
export { compromisedMerchantAlerts, merchantTable } from './pipelines/compromised-merchant.js';
export { EXPOSURE_MS, exposedCardAlerts, exposures, type ExposureRow } from './pipelines/exposed-cards.js';
export { profileTable, withProfile, type ProfileRow } from './pipelines/profiles.js';
export { riskScores } from './pipelines/risk.js';
export { alertRateByRule, amountByChannel, transactionRate } from './pipelines/kpis.js';

// Live
export { fraudUseCase } from './use-case.js';
export { ALERTS_TOPIC, INGEST_QUERY, LIVE_DEFAULTS, evidenceText, startFraudLive, type LiveOptions, type RunningFraud } from './live/start.js';
export { deadLetterTopic, endOffsets, ensureLiveTopics, type LiveTopics } from './live/topics.js';
export { deadLetterQuery, deadLetterRow, type DeadLetterRow } from './live/dead-letters.js';
export { Feed } from './live/feed.js';

// Evaluation
export { DEFAULT_EVALUATION, runEvaluation, type EvaluationOptions, type EvaluationResult } from './evaluation/run-evaluation.js';
export { GRACE_MS, medianOf, score, type RuleScore, type ScenarioScore, type Scorecard, type TruthIncident } from './evaluation/score.js';
export { TARGETS, formatReport } from './evaluation/report.js';
