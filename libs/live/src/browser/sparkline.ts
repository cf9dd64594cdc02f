/**
 * A small SVG sparkline (landing tiles): no axes, the last value labelled.
 */
import { s } from './dom.js';

/**
 * Draws `points` (x ascending) into a new SVG.
 *
 * @example
 * tile.append(sparkline([[0, 1], [1, 3], [2, 2]], { width: 240, height: 48 }));
 */
export function sparkline(points: readonly (readonly [number, number])[], size = { width: 240, height: 48 }): SVGSVGElement {
  const svg = s('svg', {
    class: 'sparkline',
    viewBox: `0 0 ${size.width} ${size.height}`,
    role: 'img',
    'aria-label': sparkLabel(points),
    preserveAspectRatio: 'none',
  });
  if (points.length < 2) return svg;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(0, ...ys);
  const y1 = Math.max(...ys) || 1;
  const px = (x: number) => ((x - x0) / (x1 - x0 || 1)) * (size.width - 4) + 2;
  const py = (y: number) => size.height - 3 - ((y - y0) / (y1 - y0 || 1)) * (size.height - 6);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join('');
  svg.appendChild(s('path', { d: `${d}L${px(x1).toFixed(1)},${size.height}L${px(x0).toFixed(1)},${size.height}Z`, class: 'spark-area' }));
  svg.appendChild(s('path', { d, class: 'spark-line' }));
  const last = points[points.length - 1] as readonly [number, number];
  svg.appendChild(s('circle', { cx: px(last[0]).toFixed(1), cy: py(last[1]).toFixed(1), r: 2.5, class: 'spark-dot' }));
  return svg;
}

function sparkLabel(points: readonly (readonly [number, number])[]): string {
  if (points.length === 0) return 'No data yet';
  const last = points[points.length - 1] as readonly [number, number];
  return `Trend of ${points.length} points, latest ${Math.round(last[1] * 100) / 100}`;
}
