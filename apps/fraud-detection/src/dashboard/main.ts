/**
 * The fraud team's wall screen (browser): transaction and alert rates, the alert feed with
 * reasons and evidence, a map of recent transactions with alerts highlighted, per-rule counts,
 * risk scores, and the streaming-health panel. Every value from data is rendered as text by the kit.
 */
import {
  LiveClient,
  alertsFeed,
  dashboardShell,
  healthPanel,
  inputRate,
  kpiTiles,
  latestWindowSum,
  ownershipPanel,
  svgMap,
  timeSeries,
  windowsTable,
} from '@streamlab/live/browser';
import { queries } from '../queries.js';
import { cityLabels, countryShapes, EUROPE, europeProjection, MAP_SIZE } from './europe.js';

const live = new LiveClient('fraud-detection');
const shell = dashboardShell({ title: 'Fraud detection', subtitle: 'Card transactions, live: rules, alerts and risk', clients: [live] });

// Country outlines and the bank's home cities, projected once (see europe.ts for what they cost)
const europe = europeProjection();

shell.panel(
  'Now',
  kpiTiles(live, [
    { label: 'Transactions per second (wall clock)', query: queries.txRate, value: inputRate(10) },
    { label: 'Transactions, last complete 10 s of event time', query: queries.txRate, value: latestWindowSum('transactions') },
    { label: 'Alerts, last complete minute', query: queries.alertRate, value: latestWindowSum('alerts') },
    { label: 'Alerts shown', query: queries.alerts, value: (v) => v.table.size },
    // totals since the query started (the server's, as /metrics counts them), not since the page opened
    { label: 'Late transactions dropped', query: queries.txRate, value: (v) => v.lateRowsTotal },
    // the ingest query's Kafka source dead-letters what does not decode: its running count
    { label: 'Malformed, dead-lettered', query: queries.txRate, value: (v) => v.progress?.totals.invalidRows ?? null },
  ]),
  { span: 3 },
);
shell.panel(
  'Transactions per 10 seconds',
  timeSeries(live, {
    query: queries.txRate,
    x: 'window',
    series: [{ field: 'transactions', label: 'Transactions' }],
    label: 'Transactions per 10-second window',
  }),
  { span: 2 },
);
shell.panel(
  'Alerts',
  alertsFeed(live, {
    query: queries.alerts,
    entity: 'entityId',
    reason: 'reason',
    time: 'eventTime',
    severity: 'severity',
    max: 60,
    detail: (r) => String(r.evidenceText ?? ''),
  }),
  { id: 'alerts' },
);
shell.panel(
  'Recent transactions (alerts highlighted)',
  svgMap(live, {
    bbox: EUROPE,
    width: MAP_SIZE.width,
    projection: europe,
    label: 'Map of Europe with recent card transactions and alert locations',
    layers: [
      countryShapes(europe),
      cityLabels(),
      { kind: 'markers', query: queries.recentTx, lon: 'lon', lat: 'lat', id: 'txId', label: 'city', radius: 4, className: 'faint' },
      { kind: 'markers', query: queries.alerts, lon: 'lon', lat: 'lat', id: 'alertId', label: 'rule', status: 'severity', radius: 7 },
    ],
  }),
  { span: 2 },
);
shell.panel(
  'Alerts per rule per minute',
  windowsTable(live, {
    query: queries.alertRate,
    columns: [
      { field: 'rule', label: 'Rule' },
      { field: 'alerts', label: 'Alerts' },
    ],
    max: 24,
  }),
  { description: 'Update mode: a minute keeps counting until the watermark passes its end.' },
);
shell.panel(
  'Risk by card and merchant',
  windowsTable(live, {
    query: queries.risk,
    columns: [
      { field: 'entityId', label: 'Card / merchant' },
      { field: 'score', label: 'Risk' },
      { field: 'decision', label: 'Decision' },
      { field: 'reasonText', label: 'Reasons', wrap: true },
    ],
    max: 20,
  }),
  { span: 2, id: 'risk' },
);
shell.panel(
  'Amount per channel per minute (EUR)',
  windowsTable(live, {
    query: queries.channelAmounts,
    columns: [
      { field: 'channel', label: 'Channel' },
      { field: 'transactions', label: 'Tx' },
      { field: 'amountEur', label: 'EUR' },
    ],
    max: 12,
  }),
);
shell.panel(
  'Streaming health',
  // the dashboard's queries first, then every other query of the use case (the rules, alerts-to-kafka, dead-letters)
  healthPanel(live, [queries.txRate, queries.channelAmounts, queries.recentTx, queries.alerts, queries.alertRate, queries.risk]),
  { span: 3, id: 'health' },
);
// scaled out only (`serve --instances N`): which instance runs which partitions of fraud.transactions
const ownership = shell.panel(
  'Scale-out: partitions by instance',
  ownershipPanel(live, { query: queries.instances, onData: (has) => (ownership.hidden = !has) }),
  {
    span: 3,
    id: 'instances',
    description:
      'The card-keyed rules run in the instances of one Kafka consumer group. Kill one: after the session timeout (6 s) its partitions move to the others, which restore their state from the changelogs.',
  },
);
ownership.hidden = true;
