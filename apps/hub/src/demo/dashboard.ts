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

const live = new LiveClient('demo');
const shell = dashboardShell({ title: 'Bike fleet demo', subtitle: 'Rides, speed and alerts per zone, live', clients: [live] });

shell.panel(
  'Now',
  kpiTiles(live, [
    { label: 'Readings per second', query: 'rides', value: inputRate(10) },
    { label: 'Rides, current window', query: 'rides', value: latestWindowSum('rides') },
    { label: 'Bikes on the map', query: 'positions', value: (v) => v.table.size },
    { label: 'Alerts shown', query: 'alerts', value: (v) => v.table.size },
    { label: 'Late readings dropped', query: 'rides', value: (v) => v.lateRowsTotal },
  ]),
  { span: 3 },
);
shell.panel(
  'Rides per 10-second window',
  timeSeries(live, { query: 'rides', x: 'window', series: [{ field: 'rides', label: 'Rides (all zones)' }], label: 'Rides per 10-second window, all zones' }),
  { span: 2 },
);
shell.panel('Alerts', alertsFeed(live, { query: 'alerts', entity: 'bike', reason: 'reason', time: 'ts', severity: 'severity' }), { id: 'alerts' });
shell.panel(
  'Live positions',
  svgMap(live, {
    bbox: BBOX,
    label: 'Map of the city with each bike’s latest position',
    layers: [
      { kind: 'paths', paths: [RIVER], className: 'water' },
      { kind: 'paths', paths: streets(), className: 'road' },
      { kind: 'markers', query: 'positions', lon: 'lon', lat: 'lat', id: 'bike', label: 'bike', trail: 8 },
    ],
  }),
  { span: 2 },
);
shell.panel(
  'Windows by zone',
  windowsTable(live, {
    query: 'rides',
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
    queries: { append: 'rides-append', update: 'rides-update', complete: 'rides-complete' },
    columns: [{ field: 'rides', label: 'Rides' }],
  }),
  { span: 3, id: 'modes' },
);
shell.panel('Streaming health', healthPanel(live, ['rides', 'alerts', 'positions', 'rides-append', 'rides-update', 'rides-complete']), { span: 3, id: 'health' });
