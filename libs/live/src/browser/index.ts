/**
 * The dashboard kit (browser): import from `@streamlab/live/browser` in a use case's dashboard
 * entry; the hub bundles it with Vite.
 */
import './styles.css';

export { LiveClient, pageToken, fetchJson, type ConnectionState, type QueryView, type QueryListener, type LiveClientOptions } from './client.js';
export { dashboardShell, connectionBadge, themeToggle, applyTheme, type Shell, type ShellOptions } from './shell.js';
export { inputRate, kpiTiles, latestWindowSum, type KpiSpec } from './kpi.js';
export { alertsFeed, severityOf, type AlertsFeedOptions } from './alerts.js';
export { timeSeries, toColumns, PALETTE, type TimeSeriesOptions, type SeriesSpec } from './timeseries.js';
export { windowsTable, windowStatus, type WindowsTableOptions, type ColumnSpec } from './windows-table.js';
export { deadLettersTable, deadLetterCount, newestDeadLetters, type DeadLettersTableOptions } from './dead-letters.js';
export { healthPanel, HealthModel, type HealthPanelOptions, type HealthRow, type ProgressResponse } from './health.js';
export { ownershipPanel, ownershipView, type InstanceKind, type OwnershipPanelOptions, type OwnershipRow, type OwnershipView } from './ownership.js';
export { rateOver, pushSample, type TotalSample } from './rates.js';
export { outputModeView, type OutputModeViewOptions } from './output-modes.js';
export {
  svgMap,
  projection,
  type BBox,
  type MapLayer,
  type MapProjection,
  type MarkersLayer,
  type StaticPathsLayer,
  type ShapesLayer,
  type LabelsLayer,
  type SvgMapOptions,
} from './map.js';
export { sparkline } from './sparkline.js';
export { h, s, get, text, formatNumber, formatTime, formatWindow, formatDuration, toMs, frameThrottle, xValue } from './dom.js';
export { ResultTable } from '../result-table.js';
export { query, defineQueries, queryId, queryIds, type LiveQuery, type QueryRef, type QueryOf, type FieldOf, type QueryMap, type RowOf } from '../queries.js';
