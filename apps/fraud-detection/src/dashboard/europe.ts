/**
 * The map of Europe under the fraud dashboard's transactions: Natural Earth's 1:110m country
 * outlines (world-atlas, TopoJSON, decoded with topojson-client) in the Lambert azimuthal
 * equal-area projection Europe's statistics offices use (EPSG:3035's centre, d3-geo), fitted to
 * the bank's region, with its home cities labelled. 1:110m is ~38 KB gzipped in the bundle
 * (1:50m would be ~230 KB for coastlines the panel's size cannot show).
 */
import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPoint } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json' with { type: 'json' };
import type { BBox, LabelsLayer, MapProjection, ShapesLayer } from '@streamlab/live/browser';
import { HOME_CITIES } from '../sim/places.js';

/** Where the bank's holders live (cards used further away fall off the edge: see the alert feed). */
export const EUROPE: BBox = { minLon: -11, minLat: 35, maxLon: 24, maxLat: 61 };

/** The map's viewBox. */
export const MAP_SIZE = { width: 800, height: 640 };

/**
 * The projection of {@link EUROPE} onto the viewBox, clipped to it.
 *
 * @example
 * europeProjection().project(2.35, 48.86); // Paris: [x, y] inside 800 x 640
 */
export function europeProjection(): MapProjection & { d3: ReturnType<typeof geoAzimuthalEqualArea> } {
  const { width, height } = MAP_SIZE;
  const { minLon, minLat, maxLon, maxLat } = EUROPE;
  const corners: MultiPoint = {
    type: 'MultiPoint',
    coordinates: [
      [minLon, minLat],
      [maxLon, minLat],
      [minLon, maxLat],
      [maxLon, maxLat],
      [(minLon + maxLon) / 2, minLat],
      [(minLon + maxLon) / 2, maxLat],
    ],
  };
  const d3 = geoAzimuthalEqualArea()
    .rotate([-(minLon + maxLon) / 2, -(minLat + maxLat) / 2])
    .fitExtent(
      [
        [0, 0],
        [width, height],
      ],
      corners,
    )
    .clipExtent([
      [0, 0],
      [width, height],
    ]);
  return {
    d3,
    height,
    project(lon, lat) {
      const p = d3([lon, lat]);
      return p && p[0] >= 0 && p[0] <= width && p[1] >= 0 && p[1] <= height ? [p[0], p[1]] : null;
    },
  };
}

/**
 * The countries as SVG paths on the viewBox (those entirely off it are left out), named by their title.
 *
 * @example
 * countryShapes(europeProjection()).shapes.length; // ~40
 */
export function countryShapes(projection: ReturnType<typeof europeProjection>): ShapesLayer {
  const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const path = geoPath(projection.d3);
  const shapes: ShapesLayer['shapes'][number][] = [];
  for (const f of countries.features as Feature<Geometry, { name: string }>[]) {
    const d = path(f);
    if (d) shapes.push({ d, className: 'land', title: f.properties.name });
  }
  return { kind: 'shapes', shapes };
}

/** The bank's home cities, labelled. */
export function cityLabels(): LabelsLayer {
  return { kind: 'labels', labels: HOME_CITIES.map((c) => ({ lon: c.lon, lat: c.lat, text: c.city })) };
}
