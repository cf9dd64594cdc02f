import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { decodeJson, type KafkaRecord } from '@streamlab/kafka';
import { deadLetterRow } from '@streamlab/live';
import { ARTERIAL, net, pingOn, S, T0 } from '../domain/fixtures.js';
import { offset } from '../domain/geo.js';
import { type Ping, pingSchema } from '../domain/ping.js';
import { type RecordOrigin, teleports } from '../pipelines/ping-quality.js';
import { teleportDeadLetter, withOrigin } from './teleport-dead-letters.js';

const record = (value: string, partition: number, offsetInLog: number): KafkaRecord => ({
  key: Buffer.from('van-007'),
  value: Buffer.from(value),
  topic: 'fleet.pings',
  partition,
  offset: offsetInLog,
  timestamp: T0,
  timestampType: 0,
  headers: [],
});

describe('teleports as dead letters, with where they were read', () => {
  const decode = withOrigin(decodeJson(pingSchema(net)));

  it('keeps each decoded ping’s topic, partition and offset; a ping that fails is still a failure', () => {
    const ok = decode(record(JSON.stringify(pingOn(ARTERIAL.index, 0.5, T0)), 1, 41));
    expect(ok).toEqual({ ok: true, value: expect.objectContaining({ origin: { topic: 'fleet.pings', partition: 1, offset: 41 } }) });
    expect(decode(record('{"pingId":', 0, 3))).toEqual({ ok: false, error: expect.stringMatching(/^malformed JSON/) });
  });

  it('writes a teleport under the source’s headers, so the dashboard shows its partition and offset, not “?”', async () => {
    const input = new MemoryStream<Ping & { origin: RecordOrigin }>();
    const at = (p: Ping, o: number) => ({ ...p, origin: { topic: 'fleet.pings', partition: 1, offset: o } });
    const good = pingOn(ARTERIAL.index, 0.25, T0, { pingId: 'a', vehicleId: 'van-007' });
    const jump = { ...pingOn(ARTERIAL.index, 0.25, T0 + 3 * S, { pingId: 'jump', vehicleId: 'van-007' }), ...offset(good, 90, 3_000) };
    const rows = teleports(input.toStream())
      .map(teleportDeadLetter)
      .map((r) => {
        // as the dead-letter view reads it back from the topic
        const headers = Object.entries(r.headers as Record<string, string>).map(([key, value]) => ({ key, value: Buffer.from(value) }));
        const dl = deadLetterRow({ ...record(JSON.stringify(r.value), 0, 7), topic: 'fleet.pings-dlq', headers }, 0);
        return { key: r.key, id: dl.id, reason: dl.reason, origin: 'origin' in (r.value as object), pingId: (r.value as Ping).pingId };
      });
    await testStream(rows, 'append')(
      addData(input, at(good, 40), at(jump, 41)),
      checkNewAnswer({ key: 'van-007', id: '1-41', reason: 'teleport: 3.0 km in 3 s (3600 km/h)', origin: false, pingId: 'jump' }),
    );
  });
});
