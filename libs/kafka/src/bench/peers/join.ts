/**
 * The stream-stream inner join within a time range: orders on one topic, payments on another (6
 * partitions each, both keyed by order id, so co-partitioned as Kafka Streams requires); a payment
 * joins its order when `orderTs <= paymentTs <= orderTs + 1 minute`, both bounds inclusive in all
 * three systems (Spark: the range condition as written; Kafka Streams:
 * `JoinWindows.ofTimeDifferenceAndGrace(1 min, 10 min).before(0)`, whose window is closed at both
 * ends; StreamLab: `timeRange { min: 0, max: '1 minute' }`). Watermarks (grace) of 10 minutes on
 * both sides; each joined pair is emitted once (append), keyed `orderId|paymentId`.
 *
 * Every 8 records are 4 orders and their payments: one order without a payment, one with a payment
 * inside the range, one with payments exactly on both bounds (0 and 60,000 ms after it), and one
 * with a payment just outside (10 ms before it, or 60,010 ms after). Orders are 20 ms apart with
 * ±5 s of event-time disorder.
 *
 * The joined rows are projected to the columns the output needs, as each system's query says it:
 * Spark's `select` after the join and StreamLab's `select` are pushed below the join by their
 * planners (Spark's ColumnPruning; StreamLab's `requiredChildColumns`), so each side buffers its
 * key, event time and the selected columns only. Kafka Streams' DSL has no such rule: its join
 * windows hold each side's whole value, and its ValueJoiner picks the fields.
 */
import { Stream } from '@streamlab/core';
import { z } from 'zod';
import { kafkaSink } from '../../sink/kafka-sink.js';
import { decodeJson } from '../../source/decode.js';
import { kafkaSource } from '../../source/kafka-source.js';
import { batchShare, type Workload } from './workload.js';

const ORDER_MS = 20;
const JITTER_MS = 5_000;
export const RANGE_MS = 60_000;
const NOTE = 'x'.repeat(96);

export const Order = z.object({ orderId: z.string(), orderTs: z.number(), amount: z.number(), customer: z.string(), note: z.string() });
export const Payment = z.object({ paymentId: z.string(), orderId: z.string(), paymentTs: z.number(), method: z.string(), note: z.string() });
const Result = z.object({ orderId: z.string(), paymentId: z.string(), delta: z.number() });

const hash = (x: number) => Math.imul(x + 1, 0x9e3779b1) >>> 0;

export function orderTime(j: number, base: number): number {
  return base + j * ORDER_MS + (hash(j) % (2 * JITTER_MS)) - JITTER_MS;
}

/** Record `i`: an order (input 0) or one of its payments (input 1, event time `delta` after the order). */
export function joinRecord(i: number): { order: number; payment?: number; delta: number } {
  const b = Math.floor(i / 8);
  switch (i % 8) {
    case 0:
      return { order: 4 * b, delta: 0 };
    case 1:
      return { order: 4 * b + 1, delta: 0 };
    case 2:
      return { order: 4 * b + 1, payment: 0, delta: 10 * (hash(i) % 6001) };
    case 3:
      return { order: 4 * b + 2, delta: 0 };
    case 4:
      return { order: 4 * b + 2, payment: 0, delta: 0 };
    case 5:
      return { order: 4 * b + 2, payment: 1, delta: RANGE_MS };
    case 6:
      return { order: 4 * b + 3, delta: 0 };
    default:
      return { order: 4 * b + 3, payment: 0, delta: b % 2 ? RANGE_MS + 10 : -10 };
  }
}

export const join: Workload = {
  name: 'join',
  partitions: 6,
  parallel: true,
  inputs: 2,
  record(i, _n, base) {
    const r = joinRecord(i);
    const orderId = `order-${r.order}`;
    const ts = orderTime(r.order, base) + r.delta;
    if (r.payment === undefined) {
      const o = { orderId, orderTs: ts, amount: (r.order % 9973) * 13, customer: `customer-${r.order % 5000}`, note: NOTE };
      return { input: 0, key: orderId, value: JSON.stringify(o), timestamp: ts };
    }
    const p = { paymentId: `${orderId}-p${r.payment}`, orderId, paymentTs: ts, method: r.order % 3 ? 'card' : 'wallet', note: NOTE };
    return { input: 1, key: orderId, value: JSON.stringify(p), timestamp: ts };
  },
  spanMs(n) {
    return (n / 2) * ORDER_MS + JITTER_MS + RANGE_MS;
  },
  expected(n) {
    const out = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const r = joinRecord(i);
      // An order's payments always come after it in the input, so each pair is seen once here.
      if (r.payment !== undefined && r.delta >= 0 && r.delta <= RANGE_MS) out.set(`order-${r.order}|order-${r.order}-p${r.payment}`, String(r.delta));
    }
    return out;
  },
  result(value) {
    const r = Result.parse(JSON.parse(value?.toString() ?? 'null'));
    return [`${r.orderId}|${r.paymentId}`, String(r.delta)];
  },
  streamlab({ client, session, inputs, output, checkpoint, partitions, shard }) {
    const options = { client, startingOffsets: 'earliest', ...batchShare(shard) } as const;
    const orders = Stream.fromSource(
      kafkaSource({ ...options, subscribe: inputs[0]!, groupId: `${inputs[0]}-streamlab`, decode: decodeJson(Order), partitionedBy: 'orderId' }),
    );
    const payments = Stream.fromSource(
      kafkaSource({ ...options, subscribe: inputs[1]!, groupId: `${inputs[1]}-streamlab`, decode: decodeJson(Payment), partitionedBy: 'orderId' }),
    );
    return orders
      .withWatermark('orderTs', '10 minutes')
      .join(payments.withWatermark('paymentTs', '10 minutes'), 'orderId', 'inner', {
        timeRange: { leftTime: 'orderTs', rightTime: 'paymentTs', min: 0, max: '1 minute' },
      })
      .select('orderId', 'paymentId', 'orderTs', 'paymentTs')
      .writeStream.outputMode('append')
      .option('checkpointLocation', checkpoint)
      .queryName('peers-join')
      .sink(
        kafkaSink({
          client,
          topic: output,
          newTopicPartitions: partitions,
          toRecord: (r) => ({
            key: `${r.orderId}|${r.paymentId}`,
            value: { orderId: r.orderId, paymentId: r.paymentId, delta: r.paymentTs - r.orderTs },
          }),
        }),
      )
      .session(session)
      .start();
  },
};
