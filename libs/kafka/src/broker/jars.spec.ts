import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureKafkaJars, kafkaCacheDir, kafkaJarsCached, kafkaPom, KAFKA_VERSION } from './jars.js';

describe('the Kafka jar cache', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempCache = () => {
    const d = mkdtempSync(join(tmpdir(), 'streamlab-jars-test-'));
    dirs.push(d);
    return d;
  };

  it('lives in <workspace>/.cache/kafka unless STREAMLAB_KAFKA_CACHE says otherwise', () => {
    expect(kafkaCacheDir({})).toMatch(/\/\.cache\/kafka$/);
    expect(kafkaCacheDir({ STREAMLAB_KAFKA_CACHE: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
  });

  it('generates a pom naming kafka_2.13 and the slf4j binding', () => {
    const pom = kafkaPom();
    expect(pom).toContain(`<artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version>`);
    expect(pom).toContain('<artifactId>slf4j-reload4j</artifactId><version>1.7.36</version>');
  });

  it('fails with KAFKA_MAVEN_MISSING and what to install when mvn is not on the PATH and nothing is cached', async () => {
    const cacheDir = tempCache();
    expect(kafkaJarsCached({ cacheDir })).toBe(false);
    await expect(ensureKafkaJars({ cacheDir, env: { PATH: '/nonexistent' } })).rejects.toMatchObject({
      code: 'KAFKA_MAVEN_MISSING',
      hint: expect.stringContaining('apt-get install maven'),
    });
  });
});
