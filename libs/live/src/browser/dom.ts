/**
 * A tiny DOM builder for the dashboard kit. Data only ever becomes text (`textContent`) or an
 * attribute value set through the DOM API: there is no `innerHTML` anywhere in the kit, so a
 * value like `<img src=x onerror=...>` shows as those characters and runs nothing.
 */
export type Child = Node | string | number | null | undefined | false;

export type Attrs = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;

/**
 * Creates an element with attributes (strings), event handlers (`on*` functions) and children
 * (nodes or text).
 *
 * @example
 * h('button', { type: 'button', class: 'chip', onclick: () => toggle() }, 'Dark');
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an SVG element (same rules as {@link h}).
 *
 * @example
 * s('circle', { cx: 10, cy: 10, r: 4, class: 'marker' });
 */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (/^on/i.test(k)) throw new Error(`refusing a string event handler attribute "${k}": pass a function`);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces an element's children.
 *
 * @example
 * replaceChildren(cell, 'text, never markup');
 */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/**
 * Reads a dotted path (`window.start`) from a row.
 *
 * @example
 * get({ window: { start: 5 } }, 'window.start'); // 5
 */
export function get(row: unknown, path: string): unknown {
  let v: unknown = row;
  for (const p of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/**
 * A value as display text (objects as JSON), never markup.
 *
 * @example
 * text({ a: 1 }); // '{"a":1}'
 */
export function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Numbers with a sensible precision and thousands separators.
 *
 * @example
 * formatNumber(12345.678); // '12,346'
 */
export function formatNumber(n: number, digits?: number): string {
  if (!Number.isFinite(n)) return '–';
  const d = digits ?? (Math.abs(n) >= 100 || Number.isInteger(n) ? 0 : Math.abs(n) >= 10 ? 1 : 2);
  return n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
}

/**
 * A time value (epoch ms, ISO string or Date) to epoch ms, or NaN.
 *
 * @example
 * toMs('1970-01-01T00:00:01Z'); // 1000
 */
export function toMs(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  if (v instanceof Date) return v.getTime();
  return Number.NaN;
}

/**
 * `HH:MM:SS` in local time.
 *
 * @example
 * formatTime(Date.now()); // '14:03:27'
 */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '–';
  return clockTime(ms);
}

/**
 * A window as `start–end` in local time: `09:04–09:05` when both are whole minutes (most windows),
 * else with seconds, `09:04:10–09:04:20`. Short, so a windows table fits a narrow panel.
 *
 * @example
 * formatWindow(Date.parse('2026-01-01T09:04:00'), Date.parse('2026-01-01T09:05:00')); // '09:04–09:05'
 */
export function formatWindow(startMs: number, endMs: number): string {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs <= 0 || endMs <= 0) return '–';
  const seconds = !(startMs % 60_000 === 0 && endMs % 60_000 === 0);
  return `${clockTime(startMs, seconds)}–${clockTime(endMs, seconds)}`;
}

/**
 * Local 24-hour time of day, `09:04:10`, or `09:04` without seconds: the one time format of the
 * dashboards (tables, windows, chart ticks).
 *
 * @example
 * clockTime(Date.parse('2026-01-01T09:04:10'), false); // '09:04'
 */
export function clockTime(ms: number, seconds = true): string {
  return new Date(ms).toLocaleTimeString('en-GB', seconds ? { hour12: false } : { hour12: false, hour: '2-digit', minute: '2-digit' });
}

/**
 * A duration in ms as `850 ms`, `4.2 s`, `3 min`.
 *
 * @example
 * formatDuration(4200); // '4.2 s'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/**
 * Calls `fn` at most once per animation frame, however often it is scheduled.
 *
 * @example
 * const render = frameThrottle(() => draw(view));
 * live.onQuery('counts', render);
 */
export function frameThrottle(fn: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

/**
 * The x value of a row: a number, a date, or a window `{ start, end }` (its start).
 *
 * @example
 * xValue({ window: { start: 0, end: 10 } }, 'window'); // 0
 */
export function xValue(row: unknown, path: string): number {
  const v = get(row, path);
  if (v && typeof v === 'object' && 'start' in v) return toMs((v as { start: unknown }).start);
  return toMs(v);
}
