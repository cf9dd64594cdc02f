import { describe, expect, it } from 'vitest';
import { defineQueries, query, queryId, queryIds } from './queries.js';
import { defineUseCase, liveSink } from './use-case.js';
import { LiveHub } from './live-hub.js';

interface AlertRow {
  entity: string;
  why: string;
  at: number;
  level: string;
}
interface RateRow {
  window: { start: number; end: number };
  count: number;
}

const queries = defineQueries({ alerts: query<AlertRow>('fraud-alerts'), rates: query<RateRow>('rates') });
const base = { name: 'demo', title: 'Demo', description: 'A demo', dashboard: { entry: '/x/main.ts' }, start: () => ({ queries: [] }) };

describe('query handles', () => {
  it('carry their id, in declaration order', () => {
    expect(queries.alerts.id).toBe('fraud-alerts');
    expect(queryIds(queries)).toEqual(['fraud-alerts', 'rates']);
    expect(queryId(queries.rates)).toBe('rates');
    expect(queryId('plain')).toBe('plain');
    expect(Object.isFrozen(queries)).toBe(true);
  });

  it('reject ids that cannot be a query name, and two queries with one id', () => {
    expect(() => query('')).toThrow(/must be 1-100 letters/);
    expect(() => query('a b')).toThrow(/must be 1-100 letters/);
    expect(() => defineQueries({ a: query('same'), b: query('same') })).toThrow("queries 'a' and 'b' have the same id 'same'");
  });
});

describe('defineUseCase', () => {
  it('without queries, returns the use case as given', () => {
    const uc = { ...base, tile: { sparkline: { query: 'rates', x: 'window', y: 'count', label: 'n' } } };
    expect(defineUseCase(uc)).toBe(uc);
  });

  it('with queries, lists their ids and turns the tile handles into ids (the JSON the landing page gets)', () => {
    const uc = defineUseCase({
      ...base,
      queries,
      tile: {
        sparkline: { query: queries.rates, x: 'window', y: 'count', label: 'per 10 s', skipLast: true },
        alerts: { query: queries.alerts, entity: 'entity', reason: 'why', time: 'at', severity: 'level' },
      },
    });
    expect(uc.queries).toEqual(['fraud-alerts', 'rates']);
    expect(uc.tile).toEqual({
      sparkline: { query: 'rates', x: 'window', y: 'count', label: 'per 10 s', skipLast: true },
      alerts: { query: 'fraud-alerts', entity: 'entity', reason: 'why', time: 'at', severity: 'level' },
    });
    expect(JSON.parse(JSON.stringify(uc.tile))).toEqual(uc.tile);
    expect(uc.name).toBe('demo');
    expect(uc.start).toBe(base.start);
  });

  it('a tile on a query the use case did not declare is an error', () => {
    const other = query<RateRow>('other');
    expect(() => defineUseCase({ ...base, queries, tile: { sparkline: { query: other, x: 'window', y: 'count', label: 'n' } } })).toThrow(
      "use case 'demo': tile.sparkline names query 'other', which is not in its queries (fraud-alerts, rates)",
    );
  });
});

describe('liveSink', () => {
  it('publishes on the channel named by the handle', async () => {
    const hub = new LiveHub();
    const sink = liveSink({ namespace: 'demo', hub }, queries.rates);
    sink.open?.({ queryId: 'q-1', queryName: 'something-else' } as never);
    expect(hub.channels('demo').map((c) => c.query)).toEqual(['rates']);
  });
});
