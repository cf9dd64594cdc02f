/** What `sessionWindow(ts, gap)` returns: the window spec the session operator is compiled from. */
import type { Duration } from '../../duration.js';
import type { WindowSpec } from '../../window/window-spec.js';

export interface SessionWindowSpec<F extends string = string> extends WindowSpec<'session_window'> {
  readonly kind: 'session';
  readonly timeColumn: F;
  /** The fixed gap, or `undefined` for a dynamic gap. */
  readonly gapMs: number | undefined;
  /** The gap of a row (ms, or a duration string) for a dynamic gap. */
  readonly gapOf: ((row: never) => Duration) | undefined;
}
