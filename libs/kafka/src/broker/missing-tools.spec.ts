import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingBrokerTools } from './missing-tools.js';

describe('missingBrokerTools', () => {
  const bin = mkdtempSync(join(tmpdir(), 'streamlab-bin-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  const install = (name: string) => {
    writeFileSync(join(bin, name), '#!/bin/sh\n');
    chmodSync(join(bin, name), 0o755);
  };
  const noCache = '/nonexistent/cache';

  it('says in one line what to install when java and mvn are missing', () => {
    const line = missingBrokerTools({ PATH: bin, STREAMLAB_KAFKA_CACHE: noCache });
    expect(line).toMatch(/^Kafka integration tests skipped: java and mvn not found; install Java 17\+ .* and Maven .*KAFKA_BROKERS/);
    expect(line).not.toContain('\n');
  });

  it('names only what is missing, and nothing once both are installed', () => {
    install('java');
    expect(missingBrokerTools({ PATH: bin, STREAMLAB_KAFKA_CACHE: noCache })).toMatch(/: mvn not found; install Maven/);
    install('mvn');
    expect(missingBrokerTools({ PATH: bin, STREAMLAB_KAFKA_CACHE: noCache })).toBeUndefined();
  });
});
