/**
 * The shift calendar: three 8-hour shifts a day, A from 06:00, B from 14:00, C from 22:00 (UTC by
 * default; a plant elsewhere passes when its shift A starts, in ms after midnight UTC). OEE is
 * reported per line and shift, so a shift is a tumbling event-time window of 8 hours offset by
 * the start of shift A.
 */

export const SHIFT_MS = 8 * 3_600_000;
/** Shift A starts at 06:00: windows are aligned to the epoch plus this offset. */
export const SHIFT_OFFSET_MS = 6 * 3_600_000;
export const SHIFT_NAMES = ['A', 'B', 'C'] as const;
export type ShiftName = (typeof SHIFT_NAMES)[number];

/**
 * The shift an instant belongs to: its name and `[start, end)`.
 *
 * @example
 * shiftOf(Date.parse('2026-01-05T07:00:00Z')); // { name: 'A', start: ...06:00, end: ...14:00 }
 */
export function shiftOf(ms: number, shiftAStartMs = SHIFT_OFFSET_MS): { name: ShiftName; start: number; end: number } {
  const start = Math.floor((ms - shiftAStartMs) / SHIFT_MS) * SHIFT_MS + shiftAStartMs;
  const index = Math.round(((((start - shiftAStartMs) % 86_400_000) + 86_400_000) % 86_400_000) / SHIFT_MS) % 3;
  return { name: SHIFT_NAMES[index]!, start, end: start + SHIFT_MS };
}

/** Minutes into a shift that setup takes (tooling, first-part checks) before production runs. */
export const SETUP_MINUTES = 15;
/** The planned break: minutes into the shift, and its length. Breaks are not planned production time. */
export const BREAK_AT_MINUTES = 240;
export const BREAK_MINUTES = 30;

/**
 * What the schedule says a healthy machine does at an instant: `setup` at the start of a shift,
 * `idle` in the break and on lines that do not run the night shift, `running` otherwise.
 *
 * @example
 * scheduledState(Date.parse('2026-01-05T06:05:00Z'), true); // 'setup'
 */
export function scheduledState(ms: number, runsNightShift: boolean, shiftAStartMs = SHIFT_OFFSET_MS): 'running' | 'idle' | 'setup' {
  const shift = shiftOf(ms, shiftAStartMs);
  if (shift.name === 'C' && !runsNightShift) return 'idle';
  const minute = (ms - shift.start) / 60_000;
  if (minute < SETUP_MINUTES) return 'setup';
  if (minute >= BREAK_AT_MINUTES && minute < BREAK_AT_MINUTES + BREAK_MINUTES) return 'idle';
  return 'running';
}
