/** Query lifecycle events (Spark's StreamingQueryListener). */
import type { StreamingQueryProgress } from '../progress.js';

export interface QueryStartedEvent {
  id: string;
  runId: string;
  name: string | null;
  timestamp: string;
}

export interface QueryTerminatedEvent {
  id: string;
  runId: string;
  /** The failure message, `null` for a clean stop. */
  exception: string | null;
}

/** Session-wide listener: every query of the session reports to it. */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(progress: StreamingQueryProgress): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}

/** `StreamingQuery.status` (Spark's StreamingQueryStatus). */
export interface StreamingQueryStatus {
  message: string;
  isDataAvailable: boolean;
  isTriggerActive: boolean;
}
