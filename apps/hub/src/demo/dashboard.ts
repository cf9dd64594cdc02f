/**
 * The demo dashboard (browser): every component of the dashboard kit on the demo's queries.
 */
import {
  LiveClient,
  alertsFeed,
  dashboardShell,
  healthPanel,
  inputRate,
  kpiTiles,
  latestWindowSum,
  outputModeView,
  svgMap,
  timeSeries,
  windowsTable,
} from '@streamlab/live/browser';
import { BBOX, RIVER, streets } from './city.js';
import { queries } from './queries.js';

const live = new LiveClient('demo');
const shell = dashboardShell({ title: 'Bike fleet demo', subtitle: 'Rides, speed and alerts per zone, live', clients: [live] });

shell.panel(
  'Now',
  kpiTiles(live, [
    { label: 'Readings per second', query: queries.rides, value: inputRate(10) },
    { label: 'Rides, last complete 10 s', query: queries.rides, value: latestWindowSum('rides') },
    { label: 'Bikes on the map', query: queries.positions, value: (v) => v.table.size },
    { label: 'Alerts shown', query: queries.alerts, value: (v) => v.table.size },
    { label: 'Late readings dropped', query: queries.rides, value: (v) => v.lateRowsTotal },
  ]),
  { span: 3 },
);
shell.panel(
  'Rides per 10-second window',
  timeSeries(live, {
    query: queries.rides,
    x: 'window',
    series: [{ field: 'rides', label: 'Rides (all zones)' }],
    label: 'Rides per 10-second window, all zones',
  }),
  { span: 2 },
);
shell.panel('Alerts', alertsFeed(live, { query: queries.alerts, entity: 'bike', reason: 'reason', time: 'ts', severity: 'severity' }), { id: 'alerts' });
shell.panel(
  'Live positions',
  svgMap(live, {
    bbox: BBOX,
    label: 'Map of the city with each bike’s latest position',
    layers: [
      { kind: 'paths', paths: [RIVER], className: 'water' },
      { kind: 'paths', paths: streets(), className: 'road' },
      { kind: 'markers', query: queries.positions, lon: 'lon', lat: 'lat', id: 'bike', label: 'bike', trail: 8 },
    ],
  }),
  { span: 2 },
);
shell.panel(
  'Windows by zone',
  windowsTable(live, {
    query: queries.rides,
    columns: [
      { field: 'zone', label: 'Zone' },
      { field: 'rides', label: 'Rides' },
      { field: 'avgSpeed', label: 'Avg km/h' },
    ],
    max: 25,
  }),
  { description: 'A window is finalized once the watermark passes its end.' },
);
shell.panel(
  'Output modes: the same count in append, update and complete',
  outputModeView(live, {
    queries: { append: queries.ridesAppend, update: queries.ridesUpdate, complete: queries.ridesComplete },
    columns: [{ field: 'rides', label: 'Rides' }],
  }),
  { span: 3, id: 'modes' },
);
shell.panel('Streaming health', healthPanel(live, Object.values(queries)), { span: 3, id: 'health' });
