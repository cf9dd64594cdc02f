/**
 * Where the simulated bank's holders live (home cities, in Europe) and the far-away places where
 * cloned cards turn up. Static data: coordinates of city centres, currency and UTC offset.
 */
import type { Currency } from '../domain/money.js';

export interface City {
  city: string;
  country: string;
  currency: Currency;
  lat: number;
  lon: number;
  /** Offset of local time from UTC in minutes (winter time), for spending rhythms. */
  utcOffsetMinutes: number;
  /** Radius of the metro area in km, where its merchants are scattered. */
  radiusKm: number;
  /** Share of the bank's holders who live here (home cities only). */
  weight: number;
}

/** Home cities of the bank's card holders. */
export const HOME_CITIES: readonly City[] = [
  { city: 'Paris', country: 'FR', currency: 'EUR', lat: 48.8566, lon: 2.3522, utcOffsetMinutes: 60, radiusKm: 12, weight: 18 },
  { city: 'Lyon', country: 'FR', currency: 'EUR', lat: 45.764, lon: 4.8357, utcOffsetMinutes: 60, radiusKm: 8, weight: 6 },
  { city: 'Marseille', country: 'FR', currency: 'EUR', lat: 43.2965, lon: 5.3698, utcOffsetMinutes: 60, radiusKm: 8, weight: 5 },
  { city: 'Berlin', country: 'DE', currency: 'EUR', lat: 52.52, lon: 13.405, utcOffsetMinutes: 60, radiusKm: 12, weight: 10 },
  { city: 'Munich', country: 'DE', currency: 'EUR', lat: 48.1351, lon: 11.582, utcOffsetMinutes: 60, radiusKm: 8, weight: 5 },
  { city: 'Madrid', country: 'ES', currency: 'EUR', lat: 40.4168, lon: -3.7038, utcOffsetMinutes: 60, radiusKm: 10, weight: 8 },
  { city: 'Barcelona', country: 'ES', currency: 'EUR', lat: 41.3874, lon: 2.1686, utcOffsetMinutes: 60, radiusKm: 8, weight: 6 },
  { city: 'Milan', country: 'IT', currency: 'EUR', lat: 45.4642, lon: 9.19, utcOffsetMinutes: 60, radiusKm: 8, weight: 6 },
  { city: 'Rome', country: 'IT', currency: 'EUR', lat: 41.9028, lon: 12.4964, utcOffsetMinutes: 60, radiusKm: 10, weight: 6 },
  { city: 'Amsterdam', country: 'NL', currency: 'EUR', lat: 52.3676, lon: 4.9041, utcOffsetMinutes: 60, radiusKm: 7, weight: 5 },
  { city: 'Brussels', country: 'BE', currency: 'EUR', lat: 50.8503, lon: 4.3517, utcOffsetMinutes: 60, radiusKm: 7, weight: 4 },
  { city: 'Lisbon', country: 'PT', currency: 'EUR', lat: 38.7223, lon: -9.1393, utcOffsetMinutes: 0, radiusKm: 7, weight: 4 },
  { city: 'London', country: 'GB', currency: 'GBP', lat: 51.5074, lon: -0.1278, utcOffsetMinutes: 0, radiusKm: 15, weight: 8 },
  { city: 'Zurich', country: 'CH', currency: 'CHF', lat: 47.3769, lon: 8.5417, utcOffsetMinutes: 60, radiusKm: 6, weight: 2 },
  { city: 'Stockholm', country: 'SE', currency: 'SEK', lat: 59.3293, lon: 18.0686, utcOffsetMinutes: 60, radiusKm: 8, weight: 2 },
];

/** Far-away places where cloned cards are used in person. */
export const FAR_CITIES: readonly City[] = [
  { city: 'New York', country: 'US', currency: 'USD', lat: 40.7128, lon: -74.006, utcOffsetMinutes: -300, radiusKm: 10, weight: 1 },
  { city: 'Miami', country: 'US', currency: 'USD', lat: 25.7617, lon: -80.1918, utcOffsetMinutes: -300, radiusKm: 8, weight: 1 },
  { city: 'Tokyo', country: 'JP', currency: 'JPY', lat: 35.6762, lon: 139.6503, utcOffsetMinutes: 540, radiusKm: 12, weight: 1 },
  { city: 'Bangkok', country: 'TH', currency: 'USD', lat: 13.7563, lon: 100.5018, utcOffsetMinutes: 420, radiusKm: 10, weight: 1 },
  { city: 'São Paulo', country: 'BR', currency: 'USD', lat: -23.5505, lon: -46.6333, utcOffsetMinutes: -180, radiusKm: 12, weight: 1 },
  { city: 'Lagos', country: 'NG', currency: 'USD', lat: 6.5244, lon: 3.3792, utcOffsetMinutes: 60, radiusKm: 10, weight: 1 },
  { city: 'Dubai', country: 'AE', currency: 'USD', lat: 25.2048, lon: 55.2708, utcOffsetMinutes: 240, radiusKm: 10, weight: 1 },
];

/**
 * A point scattered around a city centre, within its radius (uniform over the disc).
 *
 * @example
 * jitter(HOME_CITIES[0], rng.next(), rng.next()); // { lat, lon } somewhere in Paris
 */
export function jitter(city: Pick<City, 'lat' | 'lon' | 'radiusKm'>, u1: number, u2: number): { lat: number; lon: number } {
  const r = city.radiusKm * Math.sqrt(u1);
  const theta = 2 * Math.PI * u2;
  const dLat = (r * Math.cos(theta)) / 111.32;
  const dLon = (r * Math.sin(theta)) / (111.32 * Math.cos((city.lat * Math.PI) / 180));
  return { lat: Math.round((city.lat + dLat) * 1e5) / 1e5, lon: Math.round((city.lon + dLon) * 1e5) / 1e5 };
}
