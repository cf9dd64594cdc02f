/**
 * The Fleet rerouting dashboard (browser), on the dashboard kit of `@streamlab/live/browser`. The
 * city map is drawn here: streets as vectors coloured by their newest congestion ratio, vehicles
 * as arrows pointing their heading, open incidents, and the selected vehicle's old route (dashed)
 * and new route (solid). Every value from data goes into the page as text or as a number attribute
 * (the kit's `h`/`s` set text content, never markup).
 */
import {
  dashboardShell,
  deadLetterCount,
  deadLettersTable,
  formatDuration,
  formatTime,
  h,
  healthPanel,
  inputRate,
  kpiTiles,
  LiveClient,
  projection,
  s,
} from '@streamlab/live/browser';
import { alertsFeed } from '@streamlab/live/browser';
import { buildNetwork, riverPath } from '../domain/network.js';
import { queries, type VehicleRow } from '../queries.js';
import type { Reroute } from '../domain/reroute.js';

/** The network's seed: the live run's (its geometry does not need the street names). */
const net = buildNetwork(Number(new URLSearchParams(location.search).get('seed') ?? 1));
const live = new LiveClient('fleet-rerouting');
const shell = dashboardShell({
  title: 'Fleet rerouting',
  subtitle: 'A delivery fleet in Cologne, rerouted around incidents as they are detected',
  clients: [live],
});

const sum = <R>(rows: R[], f: (r: R) => number) => rows.reduce((a, r) => a + f(r), 0);
shell.panel(
  'Now',
  kpiTiles(live, [
    // first, as on every dashboard: live data (pings read by the KPI query, per wall-clock second)
    { label: 'Pings per second', query: queries.kpis, value: inputRate(10) },
    {
      label: 'On-time deliveries',
      query: queries.kpis,
      value: (v) => {
        const rows = v.table.rows() as { deliveries: number; onTime: number }[];
        const n = sum(rows, (r) => r.deliveries);
        return n === 0 ? null : (100 * sum(rows, (r) => r.onTime)) / n;
      },
      unit: '%',
      digits: 1,
    },
    { label: 'Delay minutes', query: queries.kpis, value: (v) => sum(v.table.rows() as { delayMin: number }[], (r) => r.delayMin), digits: 0 },
    { label: 'Vehicles rerouted', query: queries.reroutes, value: (v) => new Set((v.table.rows() as Reroute[]).map((r) => r.vehicleId)).size },
    { label: 'Incidents open', query: queries.incidents, value: () => openIncidents().length },
    { label: 'Bad pings, dead-lettered', query: queries.deadLetters, value: deadLetterCount },
  ]),
  { span: 3 },
);

// ---- the map ---------------------------------------------------------------------------------
const WIDTH = 900;
const proj = projection(net.bbox, WIDTH);
const xy = (lon: number, lat: number) => proj.project(lon, lat).map((v) => v.toFixed(1));
const svg = s('svg', {
  class: 'map fleet-map',
  viewBox: `0 0 ${WIDTH} ${proj.height}`,
  role: 'img',
  'aria-label': 'Map of the city: streets by congestion, vehicles, incidents, routes',
});
svg.appendChild(s('rect', { x: 0, y: 0, width: WIDTH, height: proj.height, class: 'map-bg' }));
const river = riverPath(net);
svg.appendChild(
  s('polyline', { points: river.map(([lon, lat]) => xy(lon, lat).join(',')).join(' '), stroke: '#7fb3e6', 'stroke-width': 14, fill: 'none', opacity: 0.5 }),
);
const streets = s('g', { class: 'streets' });
const segLines = net.segments.map((seg) => {
  const a = net.nodes[seg.from]!;
  const b = net.nodes[seg.to]!;
  const [x1, y1] = xy(a.lon, a.lat);
  const [x2, y2] = xy(b.lon, b.lat);
  const width = seg.kind === 'local' ? 2 : 4;
  const line = s('line', { x1, y1, x2, y2, stroke: '#9aa3ad', 'stroke-width': width, 'stroke-linecap': 'round', 'data-seg': seg.id, class: 'street' });
  streets.appendChild(line);
  return line;
});
svg.appendChild(streets);
const routes = s('g', { class: 'routes' });
const incidentsG = s('g', { class: 'incidents' });
const vehiclesG = s('g', { class: 'vehicles' });
svg.append(routes, incidentsG, vehiclesG);

/** Green at free flow, amber at half speed, red when crawling. */
const congestionColour = (ratio: number) => (ratio >= 0.75 ? '#2e9d4a' : ratio >= 0.5 ? '#b5c42b' : ratio >= 0.3 ? '#f0a020' : '#d7301f');
live.on(queries.segments, (rows) => {
  const newest = new Map<number, { end: number; ratio: number }>();
  for (const r of rows) {
    const prev = newest.get(r.segment);
    if (!prev || r.window.end > prev.end) newest.set(r.segment, { end: r.window.end, ratio: r.congestion });
  }
  for (const [i, v] of newest) segLines[i]?.setAttribute('stroke', congestionColour(Number(v.ratio)));
});

const openIncidents = () => {
  const byId = new Map<string, { status: string; lat: number; lon: number; reason: string; severity: string }>();
  for (const r of live.view(queries.incidents).table.rows() as {
    incidentId: string;
    status: string;
    lat: number;
    lon: number;
    reason: string;
    severity: string;
  }[])
    byId.set(r.incidentId, r);
  return [...byId.values()].filter((r) => r.status === 'open');
};
live.on(queries.incidents, () => {
  incidentsG.replaceChildren(
    ...openIncidents().map((r) => {
      const [x, y] = xy(Number(r.lon), Number(r.lat));
      return s(
        'g',
        { class: `incident incident-${r.severity === 'blocked' ? 'blocked' : 'slow'}` },
        s('circle', { cx: x, cy: y, r: 10, fill: '#d7301f', opacity: 0.8 }),
        s('text', { x, y: Number(y) + 4, 'text-anchor': 'middle', fill: '#fff', 'font-size': 12 }, '!'),
        s('title', {}, r.reason),
      );
    }),
  );
});

let selected: string | null = null;
/** Until someone picks a vehicle, the map follows the newest reroute. */
let pinned = false;
live.on(queries.vehicles, (rows: VehicleRow[]) => {
  vehiclesG.replaceChildren(
    ...rows.map((v) => {
      const [x, y] = xy(Number(v.lon), Number(v.lat));
      const mark = s(
        'g',
        {
          class: `vehicle${v.vehicleId === selected ? ' selected' : ''}`,
          transform: `translate(${x},${y}) rotate(${Number(v.headingDeg) || 0})`,
          'data-vehicle': v.vehicleId,
        },
        s('path', { d: 'M0,-7 L4.5,5 L0,2.5 L-4.5,5 Z', fill: v.stopped ? '#6b7280' : '#1f4fd1', stroke: '#fff', 'stroke-width': 1 }),
        s('title', {}, `${v.vehicleId} · ${Math.round(Number(v.speedKmh))} km/h · ${v.street}`),
      );
      mark.addEventListener('click', () => select(v.vehicleId));
      return mark;
    }),
  );
});

const segPoints = (segs: readonly number[], nodes: readonly number[]) =>
  nodes
    .filter((_, i) => i <= segs.length)
    .map((n) => {
      const p = net.nodes[n];
      return p ? xy(p.lon, p.lat).join(',') : '';
    })
    .join(' ');
/** The old route's nodes: walk its segments from the new route's first intersection. */
const oldNodes = (r: Reroute) => {
  const nodes = [r.newNodes[0]!];
  for (const i of r.oldRoute) {
    const seg = net.segments[i];
    const at = nodes[nodes.length - 1]!;
    if (!seg) break;
    nodes.push(seg.from === at ? seg.to : seg.from);
  }
  return nodes;
};
function drawRoutes(): void {
  const mine = (live.view(queries.reroutes).table.rows() as Reroute[]).filter((r) => r.vehicleId === selected);
  const r = mine[mine.length - 1];
  routes.replaceChildren();
  if (!r) return;
  routes.append(
    s('polyline', {
      points: segPoints(r.oldRoute, oldNodes(r)),
      fill: 'none',
      stroke: '#6b7280',
      'stroke-width': 4,
      'stroke-dasharray': '8 6',
      class: 'route-old',
    }),
    s('polyline', { points: segPoints(r.newRoute, r.newNodes), fill: 'none', stroke: '#1f4fd1', 'stroke-width': 5, class: 'route-new' }),
  );
  selectedLabel.textContent = `${r.vehicleId}: ${r.reason}; ETA ${formatTime(r.etaBeforeMs)} → ${formatTime(r.etaAfterMs)}`;
}
function select(vehicleId: string): void {
  selected = vehicleId;
  pinned = true;
  drawRoutes();
}
live.on(queries.reroutes, (rows) => {
  if (!pinned && rows.length > 0) selected = rows[rows.length - 1]!.vehicleId;
  drawRoutes();
});
const selectedLabel = h(
  'p',
  { class: 'selected-route' },
  'Click a reroute or a vehicle to see its old (dashed) and new route; until then the newest reroute is shown.',
);
shell.panel('City map', h('div', {}, svg, selectedLabel), {
  span: 2,
  id: 'map',
  description:
    'Streets by congestion (green free flow, red crawling), vehicles pointing their heading, open incidents (!), the selected vehicle’s old route (dashed grey) and new route (blue).',
});

// ---- feeds ------------------------------------------------------------------------------------
const rerouteList = h('ol', { class: 'reroute-feed' });
live.on(queries.reroutes, (rows) => {
  rerouteList.replaceChildren(
    ...rows
      .slice(-30)
      .reverse()
      .map((r) => {
        const li = h(
          'li',
          { class: 'reroute', 'data-vehicle': r.vehicleId },
          h('strong', {}, r.vehicleId),
          ' ',
          h('span', { class: 'reroute-reason' }, r.reason),
          ' ',
          h('span', { class: 'reroute-saved' }, `saves ${formatDuration(r.savedMs)}`),
          ' ',
          h('small', {}, `at ${formatTime(r.eventTime)}, ETA ${formatTime(r.etaBeforeMs)} → ${formatTime(r.etaAfterMs)}`),
        );
        li.addEventListener('click', () => select(r.vehicleId));
        return li;
      }),
  );
});
shell.panel('Reroutes', rerouteList, {
  id: 'reroutes',
  description: 'Each reroute sent on fleet.reroutes (read back, committed only), with the ETA it saves.',
});
shell.panel('Incidents', alertsFeed(live, { query: queries.incidents, entity: 'street', reason: 'reason', time: 'eventTime', severity: 'level' }), {
  id: 'incidents',
});

const riskBody = h('tbody');
live.on(queries.etas, (all) => {
  // one row per vehicle and batch arrives: keep each vehicle's newest
  const newest = new Map<string, (typeof all)[number]>();
  for (const r of all) if ((newest.get(r.vehicleId)?.eventTime ?? -1) <= r.eventTime) newest.set(r.vehicleId, r);
  const rows = [...newest.values()];
  riskBody.replaceChildren(
    ...rows
      .filter((r) => r.risk === 'late' || r.risk === 'at-risk')
      .sort((a, b) => Number(a.slackMin) - Number(b.slackMin))
      .slice(0, 15)
      .map((r) =>
        h(
          'tr',
          { class: `risk-${r.risk}` },
          h('td', {}, r.vehicleId),
          h('td', {}, r.stopId ?? ''),
          h('td', {}, formatTime(Number(r.etaMs))),
          h('td', {}, formatTime(Number(r.dueBy))),
          h('td', {}, String(r.slackMin)),
          h('td', {}, r.risk),
        ),
      ),
  );
});
shell.panel(
  'Late-risk stops',
  h(
    'table',
    { class: 'risk-table' },
    h('thead', {}, h('tr', {}, ...['Vehicle', 'Stop', 'ETA', 'Due by', 'Slack (min)', 'Risk'].map((t) => h('th', {}, t)))),
    riskBody,
  ),
  { id: 'risk', description: 'ETA on live speeds against the end of each stop’s delivery window.' },
);
shell.panel('Dead letters', deadLettersTable(live, queries.deadLetters), {
  span: 3,
  id: 'dead-letters',
  description: 'Pings that did not decode, at impossible speeds, off the map, or teleporting: counted and kept with their reason.',
});
shell.panel('Streaming health', healthPanel(live, Object.values(queries)), { span: 3, id: 'health' });
