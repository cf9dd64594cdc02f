/**
 * Which instance of a scale-out application owns which partitions, live: a panel over the
 * instances' status reports (`reportStatus` of `@streamlab/kafka` writes them to
 * `<applicationId>-status`; a use case publishes that topic as a query). It keeps each instance's
 * newest report and tells three kinds apart:
 * - **live**: reporting, at the group's newest generation;
 * - **silent**: no report for `staleMs` (killed or stuck): the group still counts it until its
 *   session times out, then moves its partitions;
 * - **gone**: it stopped (its last report says so), or the group has rebalanced without it (its
 *   generation is older than the others').
 * Every value is rendered as text (see `dom.ts`).
 */
import type { QueryOf } from '../queries.js';
import type { LiveClient } from './client.js';
import { formatNumber, frameThrottle, h } from './dom.js';

/** The fields of a status report the panel reads (`InstanceReport` of `@streamlab/kafka` has them). */
export interface OwnershipRow {
  instance: string;
  pid?: number;
  host?: string;
  generation: number;
  /** Partitions (tasks) running on the instance. */
  running: readonly number[];
  /** Partitions the group assigned to it. */
  assigned?: readonly number[];
  state: string;
  /** Epoch ms. */
  reportedAt: number;
  restoredRows?: number;
}

export type InstanceKind = 'live' | 'silent' | 'gone';

export interface OwnershipView {
  instances: { row: OwnershipRow; kind: InstanceKind; ageMs: number }[];
  /** Partition `p` -> the live or silent instance running it (`null`: none). */
  owners: (string | null)[];
  /** The group's newest generation among running instances. */
  generation: number;
}

/**
 * The ownership view of status reports at `nowMs` (pure).
 *
 * @example
 * ownershipView(rows, Date.now()).owners; // ['instance-1', 'instance-2', ...]
 */
export function ownershipView(rows: readonly OwnershipRow[], nowMs: number, opts: { staleMs?: number; partitions?: number } = {}): OwnershipView {
  const staleMs = opts.staleMs ?? 5_000;
  const newest = new Map<string, OwnershipRow>();
  for (const r of rows) {
    const seen = newest.get(r.instance);
    if (!seen || r.reportedAt >= seen.reportedAt) newest.set(r.instance, r);
  }
  let generation = 0;
  for (const r of newest.values()) if (r.state === 'running') generation = Math.max(generation, r.generation);
  let partitions = opts.partitions ?? 0;
  for (const r of newest.values()) for (const p of [...r.running, ...(r.assigned ?? [])]) partitions = Math.max(partitions, p + 1);
  const owners: (string | null)[] = Array.from({ length: partitions }, () => null);
  const instances = [...newest.values()]
    .sort((a, b) => a.instance.localeCompare(b.instance, undefined, { numeric: true }))
    .map((row) => {
      const ageMs = Math.max(0, nowMs - row.reportedAt);
      const kind: InstanceKind = row.state !== 'running' || row.generation < generation ? 'gone' : ageMs > staleMs ? 'silent' : 'live';
      if (kind !== 'gone') for (const p of row.running) if (p < partitions && owners[p] === null) owners[p] = row.instance;
      return { row, kind, ageMs };
    });
  return { instances, owners, generation };
}

export interface OwnershipPanelOptions<Row extends OwnershipRow> {
  /** The query of the status reports (its handle or id). */
  query: QueryOf<Row>;
  /** Silent after this long without a report. Default 5000 (instances report every second). */
  staleMs?: number;
  /** Called with whether any report has arrived (e.g. to show the panel only when scaled out). */
  onData?: (has: boolean) => void;
}

const KIND_TEXT: Record<InstanceKind, string> = { live: 'live', silent: 'silent', gone: 'gone' };

/**
 * A live table of instances and their partitions, and a strip of partitions by owner.
 *
 * @example
 * shell.panel('Partitions by instance', ownershipPanel(live, { query: queries.instances }));
 */
export function ownershipPanel<Row extends OwnershipRow>(client: LiveClient, opts: OwnershipPanelOptions<Row>): HTMLElement {
  const summary = h('p', { class: 'ownership-summary' });
  const strip = h('div', { class: 'ownership-partitions', role: 'list', 'aria-label': 'Partitions and the instance running each' });
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data ownership' },
    h('caption', { class: 'sr-only' }, 'Instances of the scale-out application and the partitions each runs'),
    h(
      'thead',
      {},
      h('tr', {}, ...['Instance', 'PID', 'Partitions', 'Generation', 'Restored rows', 'Last report', 'Status'].map((l) => h('th', { scope: 'col' }, l))),
    ),
    tbody,
  );
  let had = false;
  const render = frameThrottle(() => {
    const rows = client.view(opts.query).table.rows() as unknown as OwnershipRow[];
    if (rows.length > 0 !== had) {
      had = rows.length > 0;
      opts.onData?.(had);
    }
    const v = ownershipView(rows, Date.now(), opts.staleMs === undefined ? {} : { staleMs: opts.staleMs });
    const running = v.instances.filter((i) => i.kind !== 'gone');
    const idle = v.owners.flatMap((o, p) => (o === null ? [p] : []));
    summary.textContent =
      v.owners.length === 0
        ? 'No instance has reported yet.'
        : `${running.length} instance${running.length === 1 ? '' : 's'} at generation ${v.generation}; ` +
          (idle.length === 0
            ? `all ${v.owners.length} partitions running.`
            : `partition${idle.length === 1 ? '' : 's'} ${idle.join(', ')} not running (moving).`);
    summary.dataset['instances'] = String(running.length);
    summary.dataset['covered'] = String(v.owners.length - idle.length);
    summary.dataset['partitions'] = String(v.owners.length);
    strip.replaceChildren(
      ...v.owners.map((o, p) =>
        h(
          'span',
          { class: `chip ${o === null ? 'chip-final' : 'chip-open'}`, role: 'listitem', 'data-partition': p, 'data-owner': o ?? '' },
          `p${p} ${o ?? '—'}`,
        ),
      ),
    );
    tbody.replaceChildren(
      ...v.instances.map(({ row, kind, ageMs }) =>
        h(
          'tr',
          { 'data-instance': row.instance, 'data-status': kind, class: kind === 'gone' ? 'win-final' : '' },
          h('td', { class: 'mono' }, row.instance),
          h('td', { class: 'num' }, row.pid === undefined ? '' : String(row.pid)),
          h('td', { class: 'mono', 'data-partitions': row.running.join(',') }, kind === 'gone' ? '—' : row.running.join(', ') || 'none'),
          h('td', { class: 'num' }, String(row.generation)),
          h('td', { class: 'num' }, row.restoredRows === undefined ? '' : formatNumber(row.restoredRows)),
          h('td', { class: 'num' }, `${(ageMs / 1000).toFixed(1)} s ago`),
          h('td', {}, h('span', { class: `chip ${kind === 'live' ? 'chip-new' : kind === 'silent' ? 'chip-open' : 'chip-final'}` }, KIND_TEXT[kind])),
        ),
      ),
    );
  });
  client.onQuery(opts.query, render);
  // ages move and silence shows without new reports
  setInterval(render, 1000);
  return h('div', { class: 'ownership-panel' }, summary, strip, table);
}
