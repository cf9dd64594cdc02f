/**
 * An SVG map with no tile server: a city's bounding box projected onto the panel (equirectangular
 * with the latitude's cosine, good at city scale) or any projection the dashboard brings (e.g. a
 * d3-geo projection for a continent), with layers of paths (roads, routes, trails), pre-projected
 * shapes (country outlines), place labels and markers (vehicles, transactions, alerts). Labels are
 * SVG text (never markup).
 */
import type { QueryRef } from '../queries.js';
import type { LiveClient } from './client.js';
import { frameThrottle, get, h, s, text } from './dom.js';

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface StaticPathsLayer {
  kind: 'paths';
  /** Polylines of [lon, lat] points. */
  paths: readonly (readonly (readonly [number, number])[])[];
  className?: string;
}

export interface MarkersLayer {
  kind: 'markers';
  query: QueryRef;
  lon: string;
  lat: string;
  /** Marker identity (kept stable across updates); defaults to the row index. */
  id?: string;
  label?: string;
  /** Field whose value becomes the marker's class suffix (e.g. severity or status). */
  status?: string;
  /** Draw each id's recent positions as a trail. Default 0 (none). */
  trail?: number;
  radius?: number;
  /** A class on the layer's group, for its style (e.g. `tx` for many small translucent dots). */
  className?: string;
}

/** Shapes already projected onto the map's viewBox: SVG path data (e.g. from d3-geo's `geoPath`). */
export interface ShapesLayer {
  kind: 'shapes';
  shapes: readonly { d: string; className?: string; title?: string }[];
}

/** Place names at fixed points (cities), with a dot. */
export interface LabelsLayer {
  kind: 'labels';
  labels: readonly { lon: number; lat: number; text: string }[];
  className?: string;
}

export type MapLayer = StaticPathsLayer | ShapesLayer | LabelsLayer | MarkersLayer;

/** Where a point goes on the viewBox (`null`: off the map), and the viewBox's height. */
export interface MapProjection {
  height: number;
  project(lon: number, lat: number): [number, number] | null;
}

export interface SvgMapOptions {
  bbox: BBox;
  layers: MapLayer[];
  /** viewBox width; the height follows the box's aspect. Default 800. */
  width?: number;
  /** The projection onto a `width`-wide viewBox. Default: {@link projection} of `bbox`. */
  projection?: MapProjection;
  label?: string;
}

/**
 * A projection of `bbox` onto a `width`-wide viewBox.
 *
 * @example
 * const p = projection({ minLon: 4.8, minLat: 52.3, maxLon: 5.0, maxLat: 52.4 }, 800);
 * p.project(4.9, 52.35); // [400, ~...]
 */
export function projection(bbox: BBox, width: number): { height: number; project(lon: number, lat: number): [number, number] } {
  const k = Math.cos((((bbox.minLat + bbox.maxLat) / 2) * Math.PI) / 180);
  const w = (bbox.maxLon - bbox.minLon) * k;
  const hgt = bbox.maxLat - bbox.minLat;
  const height = Math.round((width * hgt) / (w || 1));
  return {
    height,
    project: (lon, lat) => [((lon - bbox.minLon) * k * width) / (w || 1), ((bbox.maxLat - lat) * height) / (hgt || 1)],
  };
}

/**
 * @example
 * svgMap(live, { bbox, layers: [{ kind: 'paths', paths: roads }, { kind: 'markers', query: 'positions', lon: 'lon', lat: 'lat', id: 'vehicle', trail: 10 }] });
 */
export function svgMap(client: LiveClient, opts: SvgMapOptions): HTMLElement {
  const width = opts.width ?? 800;
  const proj: MapProjection = opts.projection ?? projection(opts.bbox, width);
  const svg = s('svg', { class: 'map', viewBox: `0 0 ${width} ${proj.height}`, role: 'img', 'aria-label': opts.label ?? 'Map' });
  svg.appendChild(s('rect', { x: 0, y: 0, width, height: proj.height, class: 'map-bg' }));
  const pt = (lon: number, lat: number) =>
    proj
      .project(lon, lat)
      ?.map((v) => v.toFixed(1))
      .join(',') ?? null;
  for (const layer of opts.layers) {
    const g = s('g', { class: `layer layer-${layer.kind} ${layer.kind === 'markers' ? (layer.className ?? '') : ''}`.trim() });
    svg.appendChild(g);
    if (layer.kind === 'paths') {
      for (const line of layer.paths) {
        const points = line.map(([lon, lat]) => pt(lon, lat)).filter((p) => p !== null);
        if (points.length > 1) g.appendChild(s('polyline', { points: points.join(' '), class: layer.className ?? 'road' }));
      }
      continue;
    }
    if (layer.kind === 'shapes') {
      for (const shape of layer.shapes)
        g.appendChild(s('path', { d: shape.d, class: shape.className ?? 'land' }, shape.title ? s('title', {}, shape.title) : null));
      continue;
    }
    if (layer.kind === 'labels') {
      for (const l of layer.labels) {
        const p = proj.project(l.lon, l.lat);
        if (!p) continue;
        const [x, y] = p;
        g.appendChild(
          s(
            'g',
            { class: layer.className ?? 'place' },
            s('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.5, class: 'place-dot' }),
            s('text', { x: (x + 5).toFixed(1), y: (y - 4).toFixed(1), class: 'place-label' }, l.text),
          ),
        );
      }
      continue;
    }
    const trails = new Map<string, [number, number][]>();
    const trailLen = layer.trail ?? 0;
    const render = frameThrottle(() => {
      const rows = client.view(layer.query).table.rows();
      const trailG = s('g', { class: 'trails' });
      const markG = s('g', { class: 'markers' });
      rows.forEach((r, i) => {
        const lon = Number(get(r, layer.lon));
        const lat = Number(get(r, layer.lat));
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
        const id = layer.id ? text(get(r, layer.id)) : String(i);
        const p = proj.project(lon, lat);
        if (!p) return;
        const [x, y] = p;
        if (trailLen > 0) {
          let t = trails.get(id);
          if (!t) trails.set(id, (t = []));
          const prev = t[t.length - 1];
          if (!prev || prev[0] !== x || prev[1] !== y) t.push([x, y]);
          if (t.length > trailLen) t.shift();
          if (t.length > 1) trailG.appendChild(s('polyline', { points: t.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(' '), class: 'trail' }));
        }
        const status = layer.status ? text(get(r, layer.status)).replace(/[^a-z0-9-]/gi, '') : '';
        const title = s('title', {}, layer.label ? text(get(r, layer.label)) : id);
        markG.appendChild(
          s(
            'circle',
            {
              cx: x.toFixed(1),
              cy: y.toFixed(1),
              r: layer.radius ?? Math.max(5, Math.round(width / 110)),
              class: `marker ${status ? `st-${status}` : ''}`,
              'data-id': id,
            },
            title,
          ),
        );
      });
      g.replaceChildren(trailG, markG);
    });
    client.onQuery(layer.query, render);
  }
  return h('div', { class: 'map-wrap' }, svg);
}
