/**
 * The demo's data: delivery bikes riding a street grid, each reporting position, speed and
 * battery about twice a second. Some reports arrive late (event time well in the past) so the
 * watermark has something to drop. Seeded, so two runs tell the same story.
 */
import { Rng } from '@streamlab/datagen';
import { COLS, ROWS, streetLat, streetLon, zoneOf, type Zone } from './city.js';

export interface BikeReading {
  /** Event time, epoch ms. */
  ts: number;
  bike: string;
  zone: Zone;
  lon: number;
  lat: number;
  speedKmh: number;
  battery: number;
}

interface Bike {
  id: string;
  /** Position in street-grid units. */
  x: number;
  y: number;
  dx: number;
  dy: number;
  cruiseKmh: number;
  battery: number;
}

export interface SimulatorOptions {
  bikes?: number;
  seed?: number;
  /** Share of readings delivered late (30-60 s behind). Default 0.03. */
  lateShare?: number;
  /** Map movement speed-up (the city is small). Default 40. */
  speedUp?: number;
}

/**
 * A bike fleet simulator. `tick(nowMs, dtMs)` advances it and returns the readings to publish.
 *
 * @example
 * const sim = new BikeSimulator({ bikes: 16, seed: 7 });
 * const rows = sim.tick(Date.now(), 100);
 */
export class BikeSimulator {
  private readonly bikes: Bike[] = [];
  private readonly rng: Rng;
  private readonly lateShare: number;
  private readonly speedUp: number;

  constructor(opts: SimulatorOptions = {}) {
    this.rng = new Rng(opts.seed ?? 7);
    this.lateShare = opts.lateShare ?? 0.03;
    this.speedUp = opts.speedUp ?? 40;
    const n = opts.bikes ?? 16;
    for (let i = 0; i < n; i++) {
      const horizontal = this.rng.next() < 0.5;
      this.bikes.push({
        id: `bike-${String(i + 1).padStart(2, '0')}`,
        x: Math.floor(this.rng.next() * COLS),
        y: Math.floor(this.rng.next() * ROWS),
        dx: horizontal ? 1 : 0,
        dy: horizontal ? 0 : 1,
        cruiseKmh: 14 + this.rng.next() * 12,
        battery: 40 + this.rng.next() * 60,
      });
    }
  }

  tick(nowMs: number, dtMs: number): BikeReading[] {
    const out: BikeReading[] = [];
    for (const b of this.bikes) {
      const burst = this.rng.next() < 0.004 ? 18 : 0; // now and then someone races
      const speed = Math.max(0, b.cruiseKmh + burst + (this.rng.next() - 0.5) * 6);
      this.move(b, ((speed / 3.6) * (dtMs / 1000) * this.speedUp) / 700);
      b.battery = b.battery <= 3 ? 100 : b.battery - dtMs / 1000 / 40;
      if (this.rng.next() > (dtMs / 1000) * 2) continue; // about two reports per second per bike
      const lon = streetLon(b.x);
      const lat = streetLat(b.y);
      const late = this.rng.next() < this.lateShare;
      out.push({
        ts: late ? nowMs - 30_000 - Math.floor(this.rng.next() * 30_000) : nowMs - Math.floor(this.rng.next() * 400),
        bike: b.id,
        zone: zoneOf(lon, lat),
        lon: Math.round(lon * 1e5) / 1e5,
        lat: Math.round(lat * 1e5) / 1e5,
        speedKmh: Math.round(speed * 10) / 10,
        battery: Math.round(b.battery),
      });
    }
    return out;
  }

  private move(b: Bike, cells: number): void {
    // Never ride off the grid: a bike on an edge street heading out turns back first.
    if ((b.dx < 0 && b.x <= 0) || (b.dx > 0 && b.x >= COLS - 1)) b.dx = -b.dx;
    if ((b.dy < 0 && b.y <= 0) || (b.dy > 0 && b.y >= ROWS - 1)) b.dy = -b.dy;
    const horizontal = b.dx !== 0;
    const dir = horizontal ? b.dx : b.dy;
    const before = horizontal ? b.x : b.y;
    const after = before + dir * cells;
    // The street crossing passed, if any (moving up: the next integer; moving down: the previous).
    const crossed =
      dir > 0 ? (Math.floor(after) > Math.floor(before) ? Math.floor(after) : null) : Math.ceil(after) < Math.ceil(before) ? Math.ceil(after) : null;
    if (crossed === null) {
      if (horizontal) b.x = after;
      else b.y = after;
      return;
    }
    if (horizontal) b.x = Math.min(COLS - 1, Math.max(0, crossed));
    else b.y = Math.min(ROWS - 1, Math.max(0, crossed));
    // At a crossing: maybe turn; never ride off the grid.
    if (this.rng.next() < 0.45) [b.dx, b.dy] = this.rng.next() < 0.5 ? [b.dy, b.dx] : [-b.dy, -b.dx];
    if ((b.dx < 0 && b.x <= 0) || (b.dx > 0 && b.x >= COLS - 1)) b.dx = -b.dx;
    if ((b.dy < 0 && b.y <= 0) || (b.dy > 0 && b.y >= ROWS - 1)) b.dy = -b.dy;
  }
}
