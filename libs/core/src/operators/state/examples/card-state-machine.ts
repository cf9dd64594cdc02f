// #region card-state-machine
import { MemoryStream, type GroupState } from '@streamlab/core';

interface Tx {
  cardId: string;
  ts: number; // epoch ms
  declined: boolean;
}
interface Watch {
  declines: number;
  lastDecline: number;
}
interface CardEvent {
  cardId: string;
  event: 'watch' | 'block' | 'clear';
  at: number;
}

const QUIET_MS = 5 * 60_000;

/**
 * Per card: a declined payment puts the card on watch; another decline while on watch blocks it;
 * five quiet minutes of event time after the last decline clear the watch (an event-time timeout).
 */
export function cardMachine(cardId: string, txs: Tx[], state: GroupState<Watch>): CardEvent[] {
  if (state.hasTimedOut) {
    const { lastDecline } = state.get();
    state.remove();
    return [{ cardId, event: 'clear', at: lastDecline + QUIET_MS }];
  }
  const out: CardEvent[] = [];
  for (const tx of [...txs].sort((a, b) => a.ts - b.ts)) {
    if (!tx.declined) continue;
    const w = state.getOption();
    state.update({ declines: (w?.declines ?? 0) + 1, lastDecline: Math.max(tx.ts, w?.lastDecline ?? 0) });
    out.push({ cardId, event: w === undefined ? 'watch' : 'block', at: tx.ts });
  }
  // The timeout is reset on every call: set it again from the last decline.
  const w = state.getOption();
  if (w !== undefined) state.setTimeoutTimestamp(Math.max(w.lastDecline + QUIET_MS, state.getCurrentWatermarkMs()));
  return out;
}

export const payments = new MemoryStream<Tx>('payments');

export const cardEvents = payments
  .toStream()
  .withWatermark('ts', '1 minute')
  .groupByKey((t) => t.cardId)
  .flatMapGroupsWithState(cardMachine, { outputMode: 'append', timeout: 'eventTime' });
// #endregion card-state-machine
