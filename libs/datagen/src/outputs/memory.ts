import type { Envelope, IncidentInfo } from '../envelope.js';
import type { SimBatch, SimOutput } from './output.js';

/** An output that keeps everything in memory (tests, small in-process demos). */
export interface MemoryOutput<R> extends SimOutput<R> {
  readonly envelopes: Envelope<R>[];
  readonly incidents: IncidentInfo[];
  /** Number of `write` calls (batches). */
  readonly batches: number;
  readonly closed: boolean;
}

/**
 * Collects envelopes and incidents in arrays.
 *
 * @example
 * const out = memoryOutput<Payment>();
 * await runSimulation(new Simulation(model, opts), out, { asap: true });
 * out.envelopes.length;
 */
export function memoryOutput<R>(): MemoryOutput<R> {
  const state = { envelopes: [] as Envelope<R>[], incidents: [] as IncidentInfo[], batches: 0, closed: false };
  return {
    description: 'memory',
    get envelopes() {
      return state.envelopes;
    },
    get incidents() {
      return state.incidents;
    },
    get batches() {
      return state.batches;
    },
    get closed() {
      return state.closed;
    },
    write(batch: SimBatch<R>) {
      state.batches++;
      for (const e of batch.envelopes) state.envelopes.push(e);
      for (const i of batch.incidents) state.incidents.push(i);
    },
    close() {
      state.closed = true;
    },
  };
}
