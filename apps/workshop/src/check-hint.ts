/**
 * A failing check's own hint. A check's failure crosses a process boundary (vitest's JSON report
 * carries only its message), so the hint travels as the message's last line, `  hint: ...`:
 * `withHint` writes it, `splitHint` takes it back out for the runner, which shows it under the
 * failure (`verify`, `watch`) instead of a hint from the README's list.
 */

const MARK = 'hint: ';

/**
 * A check's failure message with its hint as the last line.
 *
 * @example
 * withHint('after input batch 1:\n  - a: expected count 2, got 1', 'look at the watermark');
 * // 'after input batch 1:\n  - a: expected count 2, got 1\n  hint: look at the watermark'
 */
export function withHint(message: string, hint: string): string {
  return `${message}\n  ${MARK}${hint.replace(/\n/g, '\n  ')}`;
}

/**
 * A failure message and its hint apart (the last `hint: ` line and what follows it); `hint` is
 * undefined when the check gave none.
 *
 * @example
 * splitHint('a: expected 2, got 1\n  hint: look at the watermark'); // { message: 'a: expected 2, got 1', hint: 'look at the watermark' }
 */
export function splitHint(text: string): { message: string; hint: string | undefined } {
  const lines = text.split('\n');
  let at = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.trimStart().startsWith(MARK)) {
      at = i;
      break;
    }
  }
  if (at < 0) return { message: text, hint: undefined };
  const hint = [lines[at]!.trimStart().slice(MARK.length), ...lines.slice(at + 1).map((l) => l.replace(/^ {2}/, ''))].join('\n').trim();
  const message = lines.slice(0, at).join('\n').trimEnd();
  return { message, hint: hint === '' ? undefined : hint };
}

/**
 * Fails a check with a message and the hint for that failure.
 *
 * @example
 * throw checkFailed(`the query did not start: ${err.message}`, "this step's watermark is 5 minutes");
 */
export function checkFailed(message: string, hint: string): Error {
  return new Error(withHint(message, hint));
}
