/**
 * Which instance of a scale-out application owns which partitions, live: a panel over the
 * instances' status reports (`reportStatus` of `@streamlab/kafka` writes them to
 * `<applicationId>-status`; a use case publishes that topic as a query). It keeps each instance's
 * newest report and tells three kinds apart:
 * - **live**: reporting (a report within `staleMs`);
 * - **silent**: no report for `staleMs` (killed or stuck), and no live instance runs its
 *   partitions yet: the group still counts it until its session times out;
 * - **gone**: it stopped (its last report says so), or it is silent and live instances run all
 *   its partitions (the group moved them).
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
  /** Partition `p` -> the instance running it (a live one before a silent one; `null`: none). */
  owners: (string | null)[];
}

/**
 * The ownership view of status reports at `nowMs` (pure). An instance is **live** while it reports
 * (within `staleMs`); **silent** when it stopped reporting but no live instance runs its
 * partitions yet (killed, and the group has not noticed: its session has not timed out); **gone**
 * when it said it stopped, or it is silent and live instances run all its partitions (the group
 * moved them). Group generations are not compared: each member counts its own.
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
  let partitions = opts.partitions ?? 0;
  for (const r of newest.values()) if (r.state === 'running') for (const p of r.running) partitions = Math.max(partitions, p + 1);
  const sorted = [...newest.values()].sort((a, b) => a.instance.localeCompare(b.instance, undefined, { numeric: true }));
  const ageOf = (r: OwnershipRow) => Math.max(0, nowMs - r.reportedAt);
  const running = sorted.filter((r) => r.state === 'running');
  const live = running.filter((r) => ageOf(r) <= staleMs);
  // partition -> its newest live claim
  const liveOwner = new Map<number, OwnershipRow>();
  for (const r of live) for (const p of r.running) if ((liveOwner.get(p)?.reportedAt ?? -1) < r.reportedAt) liveOwner.set(p, r);
  const kindOf = (r: OwnershipRow): InstanceKind => {
    if (r.state !== 'running') return 'gone';
    if (ageOf(r) <= staleMs) return 'live';
    return r.running.every((p) => liveOwner.has(p)) ? 'gone' : 'silent';
  };
  const owners: (string | null)[] = Array.from({ length: partitions }, (_, p) => liveOwner.get(p)?.instance ?? null);
  for (const r of running) if (kindOf(r) === 'silent') for (const p of r.running) if (p < partitions && owners[p] === null) owners[p] = r.instance;
  return { instances: sorted.map((row) => ({ row, kind: kindOf(row), ageMs: ageOf(row) })), owners };
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
    h('thead', {}, h('tr', {}, ...['Instance', 'PID', 'Partitions', 'Restored rows', 'Last report', 'Status'].map((l) => h('th', { scope: 'col' }, l)))),
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
        : `${running.length} instance${running.length === 1 ? '' : 's'}; ` +
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
