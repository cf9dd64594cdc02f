/**
 * The demo's city: a bounding box, a street grid and a river, as plain data shared by the
 * simulator (server) and the dashboard map (browser).
 */
export const BBOX = { minLon: 4.86, minLat: 52.345, maxLon: 4.94, maxLat: 52.395 };

/** Street grid: `COLS` north-south and `ROWS` east-west streets. */
export const COLS = 9;
export const ROWS = 7;

export function streetLon(i: number): number {
  return BBOX.minLon + ((i + 0.5) / COLS) * (BBOX.maxLon - BBOX.minLon);
}

export function streetLat(j: number): number {
  return BBOX.minLat + ((j + 0.5) / ROWS) * (BBOX.maxLat - BBOX.minLat);
}

/** Streets as polylines of [lon, lat]. */
export function streets(): [number, number][][] {
  const lines: [number, number][][] = [];
  for (let i = 0; i < COLS; i++)
    lines.push([
      [streetLon(i), streetLat(0)],
      [streetLon(i), streetLat(ROWS - 1)],
    ]);
  for (let j = 0; j < ROWS; j++)
    lines.push([
      [streetLon(0), streetLat(j)],
      [streetLon(COLS - 1), streetLat(j)],
    ]);
  return lines;
}

/** A river crossing the city, for orientation. */
export const RIVER: [number, number][] = [
  [4.86, 52.372],
  [4.875, 52.368],
  [4.89, 52.371],
  [4.905, 52.366],
  [4.92, 52.369],
  [4.94, 52.364],
];

export type Zone = 'north' | 'south' | 'east' | 'west' | 'center';

/** The zone of a point: the middle third is the center, the rest by compass quadrant. */
export function zoneOf(lon: number, lat: number): Zone {
  const x = (lon - BBOX.minLon) / (BBOX.maxLon - BBOX.minLon) - 0.5;
  const y = (lat - BBOX.minLat) / (BBOX.maxLat - BBOX.minLat) - 0.5;
  if (Math.abs(x) < 0.17 && Math.abs(y) < 0.17) return 'center';
  if (Math.abs(x) > Math.abs(y)) return x > 0 ? 'east' : 'west';
  return y > 0 ? 'north' : 'south';
}
