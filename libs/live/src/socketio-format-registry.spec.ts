/** `writeStream.format('socketio')` through the core's sink-format registry. */
import { MemoryStream, registeredFormats, StreamingSession, type Logger } from '@streamlab/core';
import { ManualClock } from '@streamlab/core/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { defaultLiveHub, registerSocketioFormat } from './index.js';

const silent = pino({ level: 'silent' }) as unknown as Logger;

describe("writeStream.format('socketio')", () => {
  it('is registered when @streamlab/live is imported', () => {
    expect(registeredFormats('sink')).toContain('socketio');
    expect(registerSocketioFormat()).toBe(true);
  });

  it('creates the socket.io sink from the writer options', async () => {
    const input = new MemoryStream<{ card: string }>({ name: 'cards' });
    const q = input
      .toStream()
      .writeStream.format('socketio')
      .option('namespace', 'fmt-registry')
      .option('query', 'cards')
      .option('volatile', 'true')
      .queryName('cards')
      .session(new StreamingSession({ clock: new ManualClock(0), logger: silent }))
      .start();
    input.addData({ card: 'c1' });
    await q.processAllAvailable();
    await q.stop();
    expect(q.lastProgress?.sink.description).toBe('SocketIOSink[/fmt-registry]');
    const channel = defaultLiveHub.channels('fmt-registry')[0];
    expect(channel?.query).toBe('cards');
    expect(channel?.volatile).toBe(true);
  });

  it("fails start() with the sink's own error when the namespace is missing", () => {
    const start = () =>
      new MemoryStream<{ a: number }>()
        .toStream()
        .writeStream.format('socketio')
        .session(new StreamingSession({ logger: silent }))
        .start();
    expect(start).toThrow(expect.objectContaining({ code: 'LIVE_SINK_NEEDS_NAMESPACE' }));
  });
});
