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
    expect(() => loadLiveConfig({ PORT: 'eighty' })).toThrow('PORT: must be a port number from 0 to 65535 (0 picks a free one), got "eighty"');
    expect(() => loadLiveConfig({ PORT: 'abc' })).toThrow('got "abc"');
    expect(() => loadLiveConfig({ PORT: '70000' })).toThrow('PORT: must be a port number from 0 to 65535 (0 picks a free one), got "70000"');
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

  it('allows loopback names, HOST and STREAMLAB_ALLOWED_HOSTS as Host names (lower case, no brackets, no port)', () => {
    expect(loadLiveConfig({}).allowedHosts).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(loadLiveConfig({ HOST: '0.0.0.0' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(loadLiveConfig({ HOST: '::' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '::1']);
    const c = loadLiveConfig({ HOST: 'Box.LAN', STREAMLAB_ALLOWED_HOSTS: ' dash.example.com, [FD00::1],10.0.0.5,localhost ' });
    expect(c.allowedHosts).toEqual(['localhost', '127.0.0.1', '::1', 'box.lan', 'dash.example.com', 'fd00::1', '10.0.0.5']);
  });

  it('rejects a STREAMLAB_ALLOWED_HOSTS entry with a scheme, a port or a path, saying what to write', () => {
    for (const bad of ['http://dash.example.com', 'dash.example.com:8080', 'dash.example.com/app', 'a b', '[::1']) {
      expect(() => loadLiveConfig({ STREAMLAB_ALLOWED_HOSTS: `ok.example, ${bad}` }), bad).toThrow(/STREAMLAB_ALLOWED_HOSTS.*host name/);
    }
  });
});
