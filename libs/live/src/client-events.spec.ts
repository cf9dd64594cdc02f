import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClientEvents } from './client-events.js';

const schema = z.object({ alertId: z.string().min(1).max(20) });
const client = { clientId: 's1' };

describe('ClientEvents', () => {
  it('validates the payload with the schema before the handler sees it, and returns the handler result', async () => {
    const events = new ClientEvents();
    const seen: unknown[] = [];
    events.on('demo', 'ack', {
      schema,
      handle: (p, c) => {
        seen.push([p, c.clientId]);
        return 'queued';
      },
    });
    expect(await events.dispatch('demo', 'ack', { alertId: 'a1' }, client, 0)).toEqual({ ok: true, value: 'queued' });
    expect(await events.dispatch('demo', 'ack', { alertId: '' }, client, 0)).toEqual({ ok: false, error: expect.stringMatching(/^invalid payload: alertId/) });
    expect(await events.dispatch('demo', 'ack', '<script>', client, 0)).toMatchObject({ ok: false });
    expect(seen).toEqual([[{ alertId: 'a1' }, 's1']]);
  });

  it('refuses unknown events and events of another use case', async () => {
    const events = new ClientEvents();
    events.on('demo', 'ack', { schema, handle: () => undefined });
    expect(await events.dispatch('demo', 'delete-all', {}, client, 0)).toEqual({ ok: false, error: 'unknown event "delete-all"' });
    expect(await events.dispatch('other', 'ack', { alertId: 'a1' }, client, 0)).toMatchObject({ ok: false });
    expect(events.has('demo')).toBe(true);
    expect(events.has('other')).toBe(false);
  });

  it('rate-limits each client with a token bucket (burst, then the sustained rate)', async () => {
    const events = new ClientEvents({ ratePerSec: 2, burst: 3 });
    events.on('demo', 'ack', { schema, handle: () => undefined });
    const send = (clientId: string, at: number) => events.dispatch('demo', 'ack', { alertId: 'a' }, { clientId }, at);
    const burst = await Promise.all([send('s1', 0), send('s1', 0), send('s1', 0), send('s1', 0)]);
    expect(burst.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect((await send('s2', 0)).ok).toBe(true); // another client has its own bucket
    expect((await send('s1', 400)).ok).toBe(false); // 0.8 of a token after 400 ms at 2/s
    expect((await send('s1', 500)).ok).toBe(true);
  });

  it('a handler that throws is an error result, not a crash', async () => {
    const events = new ClientEvents();
    events.on('demo', 'ack', {
      schema,
      handle: () => {
        throw new Error('broker down');
      },
    });
    expect(await events.dispatch('demo', 'ack', { alertId: 'a1' }, client, 0)).toEqual({ ok: false, error: 'failed: broker down' });
  });

  it('one handler per event, with a plain name; removal frees it', () => {
    const events = new ClientEvents();
    const off = events.on('demo', 'ack', { schema, handle: () => undefined });
    expect(() => events.on('demo', 'ack', { schema, handle: () => undefined })).toThrow(/already has a handler/);
    expect(() => events.on('demo', 'Bad Name', { schema, handle: () => undefined })).toThrow(/lowercase/);
    off();
    expect(events.has('demo')).toBe(false);
  });
});
