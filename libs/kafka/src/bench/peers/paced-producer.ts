/**
 * The input of the latency mode: the tumbling workload's ~210-byte JSON records (100 keys), written
 * at a fixed rate with their production time as event time (`ts`) and Kafka timestamp. Records are
 * stamped with the wall clock just before the send that carries them, sends go one at a time (so a
 * key's records land in its partition in production order, which `LatencyMatcher` relies on), and
 * every record is registered with the matcher before it is sent.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { KafkaProducer, OutgoingRecord } from '../../port.js';
import type { LatencyMatcher } from './latency.js';

const KEYS = 100;
const MINUTE = 60_000;
const NOTE = 'x'.repeat(96);

export class PacedProducer {
  private next = 0;

  constructor(
    private readonly producer: KafkaProducer,
    private readonly topic: string,
    private readonly matcher: LatencyMatcher,
  ) {}

  /** Records produced so far. */
  get produced(): number {
    return this.next;
  }

  /** Writes `ratePerSec` records per second for `durationMs`, catching up in one send when a send was slow. */
  async run(ratePerSec: number, durationMs: number, measured: boolean): Promise<void> {
    const total = Math.round((ratePerSec * durationMs) / 1000);
    const t0 = performance.now();
    let done = 0;
    while (done < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * ratePerSec) / 1000));
      if (due <= done) {
        await delay(1);
        continue;
      }
      await this.send(due - done, measured);
      done = due;
    }
  }

  /** Writes `n` records now. */
  async send(n: number, measured: boolean): Promise<void> {
    const now = Date.now();
    const windowStart = now - (now % MINUTE);
    const batch: OutgoingRecord[] = new Array(n);
    for (let j = 0; j < n; j++) {
      const id = this.next++;
      const key = `key-${id % KEYS}`;
      const value = `{"id":${id},"key":"${key}","ts":${now},"amount":${(id % 9973) / 100},"merchant":"merchant-${(id * 7) % 5000}","city":"city-${id % 250}","note":"${NOTE}"}`;
      batch[j] = { topic: this.topic, key, value, timestamp: now };
      this.matcher.produced(`${key}|${windowStart}`, now, measured);
    }
    await this.producer.send(batch);
  }
}
