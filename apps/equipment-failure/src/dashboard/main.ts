/**
 * The maintenance team's wall screen (browser): the plant floor (lines x machines, coloured by
 * health, with remaining life and failure mode), the selected machine's sensor charts with their
 * thresholds, the alert feed, the work-order list, OEE per line and shift, sensor health, and the
 * streaming-health panel. Every value from data is rendered as text.
 */
import { LiveClient, alertsFeed, dashboardShell, deadLetterCount, healthPanel, inputRate, kpiTiles } from '@streamlab/live/browser';
import './equipment.css';
import { buildCatalog, DEMO_CATALOG } from '../domain/catalog.js';
import { queries } from '../queries.js';
import { machineDetail } from './detail.js';
import { plantFloor } from './floor.js';
import { oeeTable, sensorHealthTable, stoppageTable, workOrderList } from './tables.js';

const live = new LiveClient('equipment-failure');
const shell = dashboardShell({
  title: 'Equipment failure',
  subtitle: 'A plant floor, live: machine health, remaining life, work orders and OEE',
  clients: [live],
});
const catalog = buildCatalog(DEMO_CATALOG);
const detail = machineDetail(live, catalog.machines[0]!.machineId);

shell.panel(
  'Now',
  kpiTiles(live, [
    { label: 'Records per second', query: queries.throughput, value: inputRate(10) },
    { label: 'Alerts shown', query: queries.alerts, value: (v) => v.table.size },
    { label: 'Late records beyond the OEE watermark', query: queries.oee, value: (v) => v.lateRowsTotal },
    { label: 'Expired vibration warnings', query: queries.expiredWarnings, value: (v) => v.table.size },
    { label: 'Malformed, dead-lettered', query: queries.deadLetters, value: deadLetterCount },
  ]),
  { span: 3 },
);
shell.panel(
  'Plant floor',
  plantFloor(live, catalog, (id) => detail.select(id)),
  { span: 2, id: 'floor', description: 'Click a machine for its sensors.' },
);
shell.panel('Alerts', alertsFeed(live, { query: queries.alerts, entity: 'machineId', reason: 'reason', time: 'eventTime', severity: 'severity', max: 40 }), {
  id: 'alerts',
});
shell.panel('Machine detail', detail.el, { span: 3, id: 'detail' });
shell.panel('Work orders', workOrderList(live), {
  span: 2,
  id: 'orders',
  description: 'Written exactly-once to equipment.work-orders; maintenance closes them.',
});
shell.panel('Sensor health', sensorHealthTable(live), {
  id: 'sensor-health-panel',
  description: 'Stuck, drifting, dropping out or spiking sensors: not machine faults. Each sensor once, faulty first.',
});
shell.panel('OEE per line and shift', oeeTable(live), {
  span: 2,
  id: 'oee-panel',
  description: 'Availability x performance x quality (ISO 22400-2). Update mode: late gateway data corrects a shift.',
});
shell.panel('Stoppages', stoppageTable(live), { id: 'stoppages-panel', description: 'Session windows over down states: one row per stoppage.' });
shell.panel('Streaming health', healthPanel(live, Object.values(queries)), { span: 3, id: 'health' });
