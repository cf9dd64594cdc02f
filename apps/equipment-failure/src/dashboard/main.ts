/**
 * The Equipment failure dashboard (browser), built from the dashboard kit of `@streamlab/live/browser`.
 * Every value from data is rendered as text by the kit. YOUR PANELS GO HERE: one per question the
 * people watching the screen ask.
 */
import { LiveClient, dashboardShell, healthPanel, inputRate, kpiTiles } from '@streamlab/live/browser';
import { type ColumnSpec, alertsFeed, deadLetterCount, deadLettersTable, timeSeries, windowsTable } from '@streamlab/live/browser';
import { type AveragesRow, queries } from '../queries.js';

/** The windows table's columns: one row per source and window. */
const bySource: ColumnSpec<AveragesRow>[] = [
  { field: 'sourceId', label: 'Source' },
  { field: 'readings', label: 'Readings' },
  { field: 'avgValue', label: 'Average' },
];

const live = new LiveClient('equipment-failure');
const shell = dashboardShell({ title: 'Equipment failure', subtitle: 'Readings per source, live', clients: [live] });

shell.panel(
  'Now',
  kpiTiles(live, [
    { label: 'Readings per second', query: queries.averages, value: inputRate(10) },
    { label: 'Alerts shown', query: queries.alerts, value: (v) => v.table.size },
    { label: 'Late readings dropped', query: queries.averages, value: (v) => v.lateRowsTotal },
    { label: 'Malformed, dead-lettered', query: queries.deadLetters, value: deadLetterCount },
  ]),
  { span: 3 },
);
shell.panel(
  'Readings per 10-second window',
  timeSeries(live, {
    query: queries.averages,
    x: 'window',
    series: [{ field: 'readings', label: 'Readings (all sources)' }],
    label: 'Readings per 10-second window, all sources',
  }),
  { span: 2 },
);
shell.panel('Alerts', alertsFeed(live, { query: queries.alerts, entity: 'sourceId', reason: 'reason', time: 'eventTime', severity: 'severity' }), {
  id: 'alerts',
});
shell.panel(
  'Windows by source',
  windowsTable(live, {
    query: queries.averages,
    columns: bySource,
    max: 25,
  }),
  { span: 3, description: 'A window is finalized once the watermark passes its end.' },
);
shell.panel('Dead letters', deadLettersTable(live, queries.deadLetters), {
  span: 3,
  description: 'Readings that did not decode: counted by every query, written once to the dead-letter topic.',
});
shell.panel('Streaming health', healthPanel(live, Object.values(queries)), { span: 3, id: 'health' });
