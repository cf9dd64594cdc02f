/**
 * The Fleet rerouting dashboard (browser), built from the dashboard kit of `@streamlab/live/browser`.
 * Every value from data is rendered as text by the kit. YOUR PANELS GO HERE: one per question the
 * people watching the screen ask.
 */
import { LiveClient, dashboardShell, healthPanel, inputRate, kpiTiles } from '@streamlab/live/browser';
import { alertsFeed, deadLetterCount, deadLettersTable, svgMap, timeSeries } from '@streamlab/live/browser';
import { CITY, RESTRICTED_ZONE, zoneOutline } from '../domain/zone.js';
import { queries } from '../queries.js';

const live = new LiveClient('fleet-rerouting');
const shell = dashboardShell({ title: 'Fleet rerouting', subtitle: 'Vehicles on the map, live', clients: [live] });

shell.panel(
  'Now',
  kpiTiles(live, [
    { label: 'Positions per second', query: queries.rate, value: inputRate(10) },
    { label: 'Vehicles seen', query: queries.vehicles, value: (v) => v.table.size },
    { label: 'Zone alerts shown', query: queries.alerts, value: (v) => v.table.size },
    { label: 'Malformed, dead-lettered', query: queries.deadLetters, value: deadLetterCount },
  ]),
  { span: 3 },
);
shell.panel(
  'Map',
  svgMap(live, {
    bbox: CITY,
    label: `Map of the vehicles, the restricted zone (${RESTRICTED_ZONE.name}) and the alerts`,
    layers: [
      { kind: 'paths', paths: [zoneOutline(RESTRICTED_ZONE)], className: 'road-major' },
      { kind: 'markers', query: queries.vehicles, lon: 'lon', lat: 'lat', id: 'vehicleId', label: 'vehicleId', trail: 8, radius: 5 },
      { kind: 'markers', query: queries.alerts, lon: 'lon', lat: 'lat', id: 'alertId', label: 'reason', status: 'severity', radius: 9 },
    ],
  }),
  { span: 2, description: `The circle is ${RESTRICTED_ZONE.name}, the restricted zone; red and amber markers are alerts.` },
);
shell.panel('Zone alerts', alertsFeed(live, { query: queries.alerts, entity: 'vehicleId', reason: 'reason', time: 'eventTime', severity: 'severity' }), {
  id: 'alerts',
});
shell.panel(
  'Positions per 10-second window',
  timeSeries(live, {
    query: queries.rate,
    x: 'window',
    series: [{ field: 'reports', label: 'Positions (whole fleet)' }],
    label: 'Positions per 10-second window',
  }),
  { span: 3 },
);
shell.panel('Dead letters', deadLettersTable(live, queries.deadLetters), {
  span: 3,
  description: 'Positions that did not decode: counted by every query, written once to the dead-letter topic.',
});
shell.panel('Streaming health', healthPanel(live, Object.values(queries)), { span: 3, id: 'health' });
