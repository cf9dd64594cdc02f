import { describe, expect, it } from 'vitest';
import { loadConfig, parsePort } from './config.js';

describe('workshop config', () => {
  it('defaults to the embedded broker, no prefix, warn logs and port 3000; blank values count as unset', () => {
    expect(loadConfig({})).toEqual({ prefix: '', kafkaBrokers: undefined, logLevel: 'warn', port: 3000 });
    expect(loadConfig({ KAFKA_BROKERS: '', WORKSHOP_PREFIX: '' }).kafkaBrokers).toBeUndefined();
  });

  it('reads a shared broker, a prefix, a log level and a port', () => {
    expect(loadConfig({ KAFKA_BROKERS: '10.0.0.5:9092, 10.0.0.6:9092', WORKSHOP_PREFIX: 'alice.', LOG_LEVEL: 'info', PORT: '0' })).toEqual({
      prefix: 'alice.',
      kafkaBrokers: '10.0.0.5:9092, 10.0.0.6:9092',
      logLevel: 'info',
      port: 0,
    });
  });

  it.each([
    [{ WORKSHOP_PREFIX: 'alice smith' }, /^WORKSHOP_PREFIX may hold only letters, digits/],
    [{ KAFKA_BROKERS: 'kafka' }, /^KAFKA_BROKERS must be host:port/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn/],
    [{ PORT: '70000' }, /^PORT must be 0 to 65535/],
  ])('refuses %j with what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).toThrow(/fix or unset/);
  });

  it('checks --port', () => {
    expect(parsePort('3001')).toBe(3001);
    expect(() => parsePort('-1')).toThrow(/--port "-1" is not a port number/);
  });
});
