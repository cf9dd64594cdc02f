/**
 * The HTML shells of the landing page and the dashboards. They carry no data and no inline
 * script: the bundled module reads what it needs from `<meta>` tags and the APIs.
 */
import type { BuiltEntry } from './web-build.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML text and attribute values.
 *
 * @example
 * escapeHtml('<b>'); // '&lt;b&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

export interface PageOptions {
  title: string;
  description: string;
  entry: BuiltEntry;
  /** Extra `<meta name=... content=...>` values for the script. */
  meta?: Record<string, string>;
}

/**
 * The page shell for one bundled entry.
 *
 * @example
 * renderPage({ title: 'Demo', description: 'Sensors', entry: { js: 'uc-demo.js', css: [] } });
 */
export function renderPage(opts: PageOptions): string {
  const meta = Object.entries(opts.meta ?? {})
    .map(([k, v]) => `<meta name="${escapeHtml(k)}" content="${escapeHtml(v)}">`)
    .join('\n    ');
  const css = opts.entry.css.map((c) => `<link rel="stylesheet" href="/assets/${escapeHtml(c)}">`).join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <meta name="description" content="${escapeHtml(opts.description)}">
    ${meta}
    <title>${escapeHtml(opts.title)}</title>
    <link rel="icon" href="data:,">
    ${css}
    <script type="module" src="/assets/${escapeHtml(opts.entry.js)}"></script>
  </head>
  <body>
    <noscript>This dashboard needs JavaScript.</noscript>
  </body>
</html>
`;
}
