/**
 * The plant floor: one tile per machine, lines as rows, coloured by health, with the remaining
 * useful life and the active failure mode. Health is the worst of what the queries say about a
 * machine: an imminent-failure alert or a remaining life under 30 minutes is critical, an open
 * work order or a rated limit exceeded is a warning, a faulty sensor is "check sensor". Data
 * becomes text through the kit's `h` only (no markup from data).
 */
import { h, type LiveClient } from '@streamlab/live/browser';
import type { Catalog } from '../domain/catalog.js';
import type { Alert } from '../domain/alert.js';
import { type MachineHealthRow, queries } from '../queries.js';
import { rulText } from './rows.js';

export type Health = 'ok' | 'sensor' | 'warning' | 'critical';

export interface MachineView {
  health: Health;
  rulMs: number | null;
  mode: string | null;
  sensorIssue: string | null;
}

/** Newest row per machine (rows arrive oldest first). */
function newest<R extends { machineId: string; eventTime: number }>(rows: readonly R[]): Map<string, R> {
  const m = new Map<string, R>();
  for (const r of rows) {
    const prev = m.get(r.machineId);
    if (!prev || prev.eventTime <= r.eventTime) m.set(r.machineId, r);
  }
  return m;
}

/**
 * The health of every machine from the latest rows.
 *
 * @example
 * machineViews(lifeRows, sensorRows, alertRows, openOrders);
 */
export function machineViews(
  life: readonly MachineHealthRow[],
  sensors: readonly { machineId: string; sensor: string; status: string; eventTime: number }[],
  alerts: readonly Alert[],
  openOrders: ReadonlySet<string>,
): Map<string, MachineView> {
  const views = new Map<string, MachineView>();
  const latestLife = newest(life);
  const newestTime = Math.max(0, ...life.map((r) => r.eventTime));
  const sensorState = new Map<string, string>();
  for (const s of sensors) sensorState.set(`${s.machineId}|${s.sensor}`, s.status);
  const view = (id: string) => {
    let v = views.get(id);
    if (!v) views.set(id, (v = { health: 'ok', rulMs: null, mode: null, sensorIssue: null }));
    return v;
  };
  const worse = (v: MachineView, h2: Health) => {
    const order: Health[] = ['ok', 'sensor', 'warning', 'critical'];
    if (order.indexOf(h2) > order.indexOf(v.health)) v.health = h2;
  };
  for (const [key, status] of sensorState) {
    if (status === 'ok') continue;
    const [id, sensor] = key.split('|') as [string, string];
    const v = view(id);
    v.sensorIssue = `${sensor} ${status}`;
    worse(v, 'sensor');
  }
  for (const [id, r] of latestLife) {
    const v = view(id);
    v.rulMs = r.rulMs;
    v.mode = r.mode;
    if (r.rulMs !== null) worse(v, r.rulMs < 30 * 60_000 ? 'critical' : 'warning');
  }
  for (const id of openOrders) worse(view(id), 'warning');
  // recent alerts (the last 15 simulated minutes) colour the tile too
  for (const a of alerts) {
    if (a.eventTime < newestTime - 15 * 60_000) continue;
    const v = view(a.machineId);
    worse(v, a.kind === 'imminent-failure' ? 'critical' : 'warning');
    v.mode ??= a.kind === 'rated-limit' ? 'past its rated limit' : a.kind;
  }
  return views;
}

/**
 * The plant floor panel; `onSelect` is called with a machine id when a tile is clicked.
 *
 * @example
 * shell.panel('Plant floor', plantFloor(live, catalog, (id) => detail.select(id)), { span: 3 });
 */
export function plantFloor(live: LiveClient, catalog: Catalog, onSelect: (machineId: string) => void): HTMLElement {
  const root = h('div', { class: 'plant-floor' });
  const tiles = new Map<string, { el: HTMLElement; rul: HTMLElement; mode: HTMLElement }>();
  for (const lineId of catalog.lines) {
    const row = h('div', { class: 'line', 'data-line': lineId }, h('strong', { class: 'line-name' }, lineId));
    for (const m of catalog.machines.filter((x) => x.lineId === lineId)) {
      const rul = h('div', { class: 'machine-rul' }, 'RUL –');
      const mode = h('div', { class: 'machine-mode' }, '');
      const el = h(
        'button',
        {
          type: 'button',
          class: 'machine',
          'data-machine': m.machineId,
          'data-health': 'ok',
          onclick: () => onSelect(m.machineId),
        },
        h('div', { class: 'machine-name' }, m.machineId.slice(lineId.length + 1)),
        h('div', { class: 'machine-type' }, `${m.type} · ${m.model}`),
        rul,
        mode,
      );
      tiles.set(m.machineId, { el, rul, mode });
      row.appendChild(el);
    }
    root.appendChild(row);
  }
  const render = () => {
    const life = live.view(queries.machineHealth).table.rows() as unknown as MachineHealthRow[];
    const sensors = (live.view(queries.sensorHealth).table.rows() ?? []) as unknown as {
      machineId: string;
      sensor: string;
      status: string;
      eventTime: number;
    }[];
    const alerts = (live.view(queries.alerts).table.rows() ?? []) as unknown as Alert[];
    const orders = (live.view(queries.workOrders).table.rows() ?? []) as unknown as { orderId: string; machineId: string; status: string }[];
    const status = new Map<string, { machineId: string; status: string }>();
    for (const o of orders) status.set(o.orderId, o);
    const open = new Set([...status.values()].filter((o) => o.status === 'open').map((o) => o.machineId));
    const views = machineViews(life, sensors, alerts, open);
    for (const [id, t] of tiles) {
      const v = views.get(id) ?? { health: 'ok' as Health, rulMs: null, mode: null, sensorIssue: null };
      t.el.dataset['health'] = v.health;
      t.rul.textContent = rulText(v.rulMs);
      t.mode.textContent = v.mode ?? v.sensorIssue ?? 'healthy';
    }
  };
  for (const q of [queries.machineHealth, queries.sensorHealth, queries.alerts, queries.workOrders]) live.onQuery(q, render);
  return root;
}
