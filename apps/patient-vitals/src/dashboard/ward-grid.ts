/**
 * The ward overview: one tile per bed, coloured by NEWS2 clinical risk, with the total, a trend
 * arrow (versus 30–60 minutes earlier) and a stale-data marker when a parameter stopped coming.
 * Every value is text set through the DOM (names included): nothing from data is markup.
 */
import { h } from '@streamlab/live/browser';
import type { BedView } from './ward-model.js';

const ARROW = { up: '↑', down: '↓', steady: '→' } as const;
const RISK_TEXT: Readonly<Record<BedView['risk'], string>> = {
  none: 'NEWS2 0',
  low: 'low risk',
  'low-medium': 'low–medium: a 3 in one parameter',
  medium: 'medium risk',
  high: 'high risk',
  unknown: 'no score yet',
};

/** What each grid element shows now. */
const shown = new WeakMap<HTMLElement, string>();

/**
 * Renders the grid into `el`; clicking a bed calls `onSelect`.
 *
 * @example
 * renderWardGrid(el, wardBeds(census, news2), selected, (id) => select(id));
 */
export function renderWardGrid(el: HTMLElement, beds: readonly BedView[], selected: string | null, onSelect: (patientId: string) => void): void {
  // redraw only when a tile would change (the page renders on every batch of every query)
  const key = `${selected}|${beds.map((b) => `${b.patientId}:${b.name}:${b.risk}:${b.total}:${b.trend}:${b.stale}:${b.gaps}`).join('|')}`;
  if (shown.get(el) === key) return;
  shown.set(el, key);
  const byWard = new Map<string, BedView[]>();
  for (const b of beds) {
    let list = byWard.get(b.ward);
    if (!list) byWard.set(b.ward, (list = []));
    list.push(b);
  }
  const sections = [...byWard.entries()].map(([ward, list]) =>
    h(
      'div',
      { class: 'ward' },
      h('h3', { class: 'ward-name' }, `${ward} · ${list.length} beds`),
      h(
        'ol',
        { class: 'beds' },
        ...list.map((b) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'bed',
                'data-risk': b.risk,
                'data-stale': b.stale ? 'true' : 'false',
                'data-patient': b.patientId,
                'aria-pressed': b.patientId === selected ? 'true' : 'false',
                title: `${b.bed} ${b.name}: ${RISK_TEXT[b.risk]}${b.gaps ? ` (${b.gaps})` : ''}`,
                onclick: () => onSelect(b.patientId),
              },
              h('span', { class: 'bed-id' }, b.bed),
              h(
                'span',
                { class: 'bed-score' },
                b.total === null ? '–' : String(b.total),
                b.trend ? h('span', { class: `bed-trend trend-${b.trend}` }, ARROW[b.trend]) : null,
              ),
              h('span', { class: 'bed-name' }, b.name),
              b.stale ? h('span', { class: 'bed-stale', 'aria-label': 'stale data' }, 'stale') : null,
            ),
          ),
        ),
      ),
    ),
  );
  el.replaceChildren(...sections);
}
