import { describe, expect, it } from 'vitest';
import { loadLiveConfig } from './config.js';

describe('loadLiveConfig', () => {
  it('has safe defaults: port 3000 on loopback, no token, same-origin only', () => {
    expect(loadLiveConfig({})).toMatchObject({ port: 3000, host: '127.0.0.1', token: undefined, corsOrigins: [] });
  });

  it('reads PORT, STREAMLAB_TOKEN and the CORS allow-list', () => {
    const c = loadLiveConfig({ PORT: '8080', STREAMLAB_TOKEN: 'abcdefghijklmnop', STREAMLAB_CORS_ORIGINS: 'https://a.example, http://localhost:5173' });
    expect(c).toMatchObject({ port: 8080, token: 'abcdefghijklmnop', corsOrigins: ['https://a.example', 'http://localhost:5173'] });
  });

  it('says what to fix for a bad port', () => {
    expect(() => loadLiveConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('rejects a short token without echoing it', () => {
    try {
      loadLiveConfig({ STREAMLAB_TOKEN: 'secret' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/STREAMLAB_TOKEN: must be at least 16/);
      expect((e as Error).message).not.toContain('secret');
      expect((e as { value: unknown }).value).toEqual({ STREAMLAB_TOKEN: '<redacted>' });
    }
  });

  it('rejects an origin with a path', () => {
    expect(() => loadLiveConfig({ STREAMLAB_CORS_ORIGINS: 'https://a.example/app' })).toThrow(/STREAMLAB_CORS_ORIGINS/);
  });
});
