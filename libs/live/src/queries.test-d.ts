/// <reference lib="dom" />
/** Typed queries: a wrong query id, row field or row type is a compile error. */
import { describe, expectTypeOf, it } from 'vitest';
import type { Sink } from '@streamlab/core';
import type { LiveClient } from './browser/client.js';
import { alertsFeed } from './browser/alerts.js';
import { timeSeries } from './browser/timeseries.js';
import { windowsTable } from './browser/windows-table.js';
import { defineQueries, query, type LiveQuery, type RowOf } from './queries.js';
import { defineUseCase, liveSink } from './use-case.js';
import { LiveHub } from './live-hub.js';

interface AlertRow {
  entity: string;
  reason: string;
  at: number;
  severity: 'high' | 'low';
}
interface RateRow {
  window: { start: number; end: number };
  count: number;
}

const queries = defineQueries({ alerts: query<AlertRow>('fraud-alerts'), rates: query<RateRow>('rates') });
declare const live: LiveClient;
const base = { name: 'demo', title: 'Demo', description: 'A demo', dashboard: { entry: '/x/main.ts' }, start: () => ({ queries: [] }) };

describe('query handles', () => {
  it('carry their row type', () => {
    expectTypeOf(queries.alerts).toEqualTypeOf<LiveQuery<AlertRow, string>>();
    expectTypeOf<RowOf<typeof queries.rates>>().toEqualTypeOf<RateRow>();
  });

  it('a query that is not declared is a compile error', () => {
    // @ts-expect-error 'alert' is not a declared query (it is 'alerts')
    live.on(queries.alert, () => {});
  });
});

describe('LiveClient.on', () => {
  it('gives the rows of the handle', () => {
    live.on(queries.alerts, (rows) => {
      expectTypeOf(rows).toEqualTypeOf<AlertRow[]>();
      expectTypeOf(rows[0]!.severity).toEqualTypeOf<'high' | 'low'>();
    });
    live.on(queries.rates, (rows) => expectTypeOf(rows).toEqualTypeOf<RateRow[]>());
  });

  it('a field the rows do not have is a compile error', () => {
    live.on(queries.alerts, (rows) => {
      // @ts-expect-error AlertRow has no 'count'
      void rows[0]!.count;
    });
  });

  it('takes handles, not bare ids', () => {
    // @ts-expect-error on() takes a declared query's handle
    live.on('fraud-alerts', () => {});
  });

  it('the kit components take handles (or ids)', () => {
    alertsFeed(live, { query: queries.alerts, entity: 'entity', reason: 'reason', time: 'at' });
    alertsFeed(live, { query: 'fraud-alerts', entity: 'entity', reason: 'reason', time: 'at' });
  });

  it('with a handle, the components check their fields against its rows (dotted paths into a field too)', () => {
    alertsFeed(live, { query: queries.alerts, entity: 'entity', reason: 'reason', time: 'at', detail: (r) => r.reason });
    timeSeries(live, { query: queries.rates, x: 'window.start', series: [{ field: 'count', label: 'n' }] });
    windowsTable(live, { query: queries.rates, window: 'window', columns: [{ field: 'count', label: 'n' }] });
    // @ts-expect-error AlertRow has no 'card'
    alertsFeed(live, { query: queries.alerts, entity: 'card', reason: 'reason', time: 'at' });
    // @ts-expect-error RateRow has no 'total'
    timeSeries(live, { query: queries.rates, x: 'window', series: [{ field: 'total', label: 'n' }] });
    // @ts-expect-error RateRow has no 'zone'
    windowsTable(live, { query: queries.rates, columns: [{ field: 'zone', label: 'Zone' }] });
    // @ts-expect-error detail gets an AlertRow, which has no 'count'
    alertsFeed(live, { query: queries.alerts, entity: 'entity', reason: 'reason', time: 'at', detail: (r) => String(r.count) });
  });

  it('with an id, any field name (rows of unknown shape)', () => {
    timeSeries(live, { query: 'rates', x: 'window', series: [{ field: 'anything', label: 'n' }] });
  });
});

describe('liveSink', () => {
  it('is a sink of the handle rows: a stream of other rows does not fit', () => {
    const sink = liveSink({ namespace: 'demo', hub: new LiveHub() }, queries.rates);
    expectTypeOf(sink).toEqualTypeOf<Sink<RateRow>>();
    // @ts-expect-error a sink of RateRow is not a sink of AlertRow
    const wrong: Sink<AlertRow> = sink;
    void wrong;
  });
});

describe('defineUseCase with queries', () => {
  it('accepts a tile on declared queries and their fields', () => {
    defineUseCase({
      ...base,
      queries,
      tile: {
        sparkline: { query: queries.rates, x: 'window', y: 'count', label: 'n' },
        alerts: { query: queries.alerts, entity: 'entity', reason: 'reason', time: 'at', severity: 'severity' },
      },
    });
  });

  it('a field that is not in the query rows is a compile error', () => {
    defineUseCase({
      ...base,
      queries,
      // @ts-expect-error 'transactions' is not a field of RateRow
      tile: { sparkline: { query: queries.rates, x: 'window', y: 'transactions', label: 'n' } },
    });
    defineUseCase({
      ...base,
      queries,
      tile: {
        sparkline: { query: queries.rates, x: 'window', y: 'count', label: 'n' },
        // @ts-expect-error 'who' is not a field of AlertRow
        alerts: { query: queries.alerts, entity: 'who', reason: 'reason', time: 'at' },
      },
    });
  });

  it('a tile on a bare id is a compile error once the use case declares its queries', () => {
    // @ts-expect-error the tile names a query by its handle, not its id
    defineUseCase({
      ...base,
      queries,
      tile: { sparkline: { query: 'rates', x: 'window', y: 'count', label: 'n' } },
    });
  });
});
