/**
 * Card-testing query. Concept: a keyed event pattern. Per card, `minProbes` tiny online charges
 * followed (other transactions may come in between) by a large one, all within 10 minutes. The
 * pattern operator feeds each card's transactions to its automaton in event-time order once the
 * watermark passes them, so the answer does not depend on arrival order; partial matches expire
 * when the watermark passes their first probe plus the time limit.
 */
import { pattern, type Stream } from '@streamlab/core';
import type { Alert } from '../domain/alert.js';
import { cardTestingAlert, isHit, isProbe } from '../domain/rules/card-testing.js';
import type { RulesConfig } from '../domain/rules-config.js';
import type { Transaction } from '../domain/schemas.js';
import type { PipelineOptions } from './options.js';

/**
 * The card-testing pattern for the given thresholds.
 *
 * @example
 * cardTestingPattern(DEFAULT_RULES.cardTesting); // probe x3, then hit, within 10 minutes
 */
export function cardTestingPattern(cfg: RulesConfig['cardTesting']) {
  return pattern<Transaction>()
    .begin('probe', (t) => isProbe(t, cfg))
    .times(cfg.minProbes)
    .followedBy('hit', (t) => isHit(t, cfg))
    .within(cfg.withinMs);
}

/**
 * Card-testing alerts from a watermarked transaction stream (append mode). Overlapping matches of
 * one hit (more probes than needed) share a `dedupKey`.
 *
 * @example
 * cardTestingAlerts(transactions(source, opts), opts).writeStream.outputMode('append').start();
 */
export function cardTestingAlerts(tx: Stream<Transaction>, o: PipelineOptions): Stream<Alert> {
  const cfg = o.rules.cardTesting;
  return tx
    .groupByKey('cardId') // a column key: the scaled app's input is partitioned by it, so no repartition
    .pattern(cardTestingPattern(cfg))
    .flatMap((m) => {
      const hit = m.events.hit?.[0];
      const alert = !m.timedOut && hit ? cardTestingAlert(m.events.probe ?? [], hit, cfg) : null;
      return alert ? [alert] : [];
    });
}
