/**
 * Test fixtures shared by the pattern specs: card transactions by minute of event time, and the
 * README region of an example file (the docs show the example verbatim).
 */
import { readFileSync } from 'node:fs';

export interface Tx {
  cardId: string;
  ts: number;
  amount: number;
}
export const T0 = Date.parse('2026-01-01T10:00:00Z');
/** The event time `m` minutes after `T0`. */
export const min = (m: number): number => T0 + m * 60_000;
/** A transaction of `cardId` at minute `minute`. */
export const tx = (cardId: string, minute: number, amount: number): Tx => ({ cardId, ts: min(minute), amount });

/**
 * The `// #region <name>` … `// #endregion <name>` text of `examples/<name>.ts` and of the README.
 *
 * @example
 * const { file, readme } = exampleRegions('card-testing');
 * expect(readme).toBe(file);
 */
export function exampleRegions(name: string): { file: string; readme: string } {
  const region = (text: string): string => text.slice(text.indexOf(`// #region ${name}`), text.indexOf(`// #endregion ${name}`));
  const file = readFileSync(new URL(`./examples/${name}.ts`, import.meta.url), 'utf8');
  const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  return { file: region(file), readme: region(readme) };
}
