import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName, presentedToken } from './security.js';

describe('presentedToken', () => {
  it('reads the Bearer scheme in any case (RFC 7235), or the token query parameter', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect(presentedToken({ headers: { authorization: `${scheme} tok-0123456789abcdef` }, url: '/' }), scheme).toBe('tok-0123456789abcdef');
    }
    expect(presentedToken({ headers: { authorization: 'Bearer   spaced-0123456789  ' }, url: '/' })).toBe('spaced-0123456789');
    expect(presentedToken({ headers: {}, url: '/socket.io/?EIO=4&token=q-0123456789abcdef' })).toBe('q-0123456789abcdef');
    expect(presentedToken({ headers: { authorization: 'Basic dXNlcjpwdw==' }, url: '/' })).toBeUndefined();
    expect(presentedToken({ headers: { authorization: 'Bearertok' }, url: '/' })).toBeUndefined();
  });
});

describe('Host names', () => {
  it('takes the name of a Host header: port ignored, IPv6 brackets removed, lower case', () => {
    expect(hostName('localhost:3000')).toBe('localhost');
    expect(hostName('LocalHost')).toBe('localhost');
    expect(hostName('127.0.0.1:3917')).toBe('127.0.0.1');
    expect(hostName('[::1]:3000')).toBe('::1');
    expect(hostName('[::1]')).toBe('::1');
    expect(hostName('[FD00::1]:80')).toBe('fd00::1');
    expect(hostName('rebind.attacker.example:3917')).toBe('rebind.attacker.example');
  });

  it('allows only the listed names', () => {
    const allowed = ['localhost', '127.0.0.1', '::1', 'dash.example.com'];
    expect(hostAllowed('localhost:3000', allowed)).toBe(true);
    expect(hostAllowed('[::1]:3000', allowed)).toBe(true);
    expect(hostAllowed('DASH.example.com:8080', allowed)).toBe(true);
    expect(hostAllowed('rebind.attacker.example:3000', allowed)).toBe(false);
    expect(hostAllowed('localhost.attacker.example', allowed)).toBe(false);
    expect(hostAllowed('dash.example.com.attacker.example', allowed)).toBe(false);
    expect(hostAllowed('[::2]:3000', allowed)).toBe(false);
    expect(hostAllowed('', allowed)).toBe(false);
    // No Host header at all: not a browser (every browser sends one), so not a rebinding attack.
    expect(hostAllowed(undefined, allowed)).toBe(true);
  });
});
