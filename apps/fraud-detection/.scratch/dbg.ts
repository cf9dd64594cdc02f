import { runEvaluation } from '../src/evaluation/run-evaluation.js';
import { score } from '../src/evaluation/score.js';
const r = await runEvaluation({ seed: 42, minutes: 10, simRatePerSec: 20, cards: 200_000, incidentsPerHour: 30 });
const seen = new Set();
for (const a of r.alerts) {
  if (seen.has(a.alertId)) continue; seen.add(a.alertId);
  const s = score([a], r.incidents);
  if (s.overall.truePositives === 0) console.log(a.rule, a.entityId, new Date(a.eventTime).toISOString(), a.reason, a.evidence.map(e => e.txId).join(','));
}
console.log(r.incidents.filter(i => i.scenario === 'compromised-merchant').map(i => [i.id, new Date(i.firstRecordMs).toISOString(), i.txIds.slice(0, 3)]));
