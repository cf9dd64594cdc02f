/**
 * The page of `npm run workshop -- run N --ui` (browser entry, bundled by the live kit): the step's
 * title from the page's meta, and the batch view of its queries.
 */
import { LiveClient, dashboardShell } from '@streamlab/live/browser';
import { batchView } from './batch-view.js';
import './styles.css';

const title = document.querySelector<HTMLMetaElement>('meta[name="streamlab-title"]')?.content ?? 'Workshop';
const live = new LiveClient('workshop');
const shell = dashboardShell({
  title,
  subtitle: 'Your query, batch by batch: the rows each batch outputs, the watermark, late rows dropped and the output mode',
  clients: [live],
});
shell.panel('Queries', batchView(live), {
  span: 3,
  id: 'queries',
  description: 'Rows highlighted in a result table are the ones the last batch output. The console shows the same batches in Spark’s format.',
});
