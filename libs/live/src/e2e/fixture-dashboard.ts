/**
 * A dashboard for the kit's browser tests: the components on scripted queries of the `kit`
 * namespace (the tests push batches through a socket.io sink and read the DOM).
 */
import { LiveClient, alertsFeed, dashboardShell, healthPanel, kpiTiles, outputModeView, svgMap, timeSeries, windowsTable } from '../browser/index.js';

const live = new LiveClient('kit');
const shell = dashboardShell({ title: 'Kit fixture', clients: [live] });
shell.panel('KPIs', kpiTiles(live, [{ label: 'Rows', query: 'm-append', value: (v) => v.table.size }]), { span: 3 });
shell.panel(
  'Output modes',
  outputModeView(live, { queries: { append: 'm-append', update: 'm-update', complete: 'm-complete' }, columns: [{ field: 'n', label: 'N' }] }),
  { span: 3, id: 'modes' },
);
shell.panel('Alerts', alertsFeed(live, { query: 'alerts', entity: 'entity', reason: 'reason', time: 'ts', severity: 'severity', max: 5 }), { id: 'alerts' });
shell.panel('Series', timeSeries(live, { query: 'm-update', x: 'window', series: [{ field: 'n', label: 'N' }] }), { span: 2 });
shell.panel('Windows', windowsTable(live, { query: 'm-update', columns: [{ field: 'n', label: 'N' }] }), { id: 'windows' });
shell.panel(
  'Map',
  svgMap(live, {
    bbox: { minLon: 0, minLat: 0, maxLon: 1, maxLat: 1 },
    layers: [
      {
        kind: 'paths',
        paths: [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      },
      { kind: 'markers', query: 'positions', lon: 'lon', lat: 'lat', id: 'id', label: 'id' },
    ],
  }),
  { id: 'map' },
);
shell.panel('Health', healthPanel(live, ['m-update']), { span: 3, id: 'health' });
