/**
 * A step README's hints: the numbered list under `## Hints`, one hint per item (an item runs
 * until the next item or heading, so a hint may have several lines or a code block).
 */

/**
 * @example
 * parseHints('# Step\n\n## Hints\n\n1. Read the topic.\n2. Use `window`:\n   ```ts\n   window("ts", "10 seconds")\n   ```\n');
 * // ['Read the topic.', 'Use `window`:\n```ts\nwindow("ts", "10 seconds")\n```']
 */
export function parseHints(readme: string): string[] {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s+Hints\s*$/i.test(l));
  if (start < 0) return [];
  const hints: string[][] = [];
  let fence = false;
  for (const line of lines.slice(start + 1)) {
    if (!fence && /^#{1,2}\s/.test(line)) break;
    const item = fence ? null : /^\d+[.)]\s+(.*)$/.exec(line);
    if (item) {
      hints.push([item[1] as string]);
      continue;
    }
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const current = hints.at(-1);
    if (current) current.push(line.replace(/^ {1,4}/, ''));
  }
  return hints.map((h) => h.join('\n').trim()).filter((h) => h.length > 0);
}
